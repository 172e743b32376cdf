using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis;

/// <summary>
/// Works out what one node does directly: walks its syntax, binds only the names that can matter
/// (catalogued APIs and members declared in the scan), and records edges and capability uses.
/// Lambdas and local functions are part of the node that contains them.
/// </summary>
internal sealed class NodeSummarizer
{
    private readonly ProjectContext _context;
    private readonly ConstantText _constants;
    private readonly ReflectionResolver _reflection;

    public NodeSummarizer(ProjectContext context)
    {
        _context = context;
        _constants = new ConstantText(context);
        _reflection = new ReflectionResolver(context, _constants);
    }

    public NodeSummary Summarize(NodeKey key, string displayName)
    {
        var summary = new NodeSummary(displayName, key.Syntax != null ? _context.Span(key.Syntax) : _context.Span(key.Symbol));
        var walk = new Walk(this, summary);
        foreach (var root in Roots(key))
        {
            summary.Roots.Add(root);
            walk.Visit(root);
        }

        if (key.Kind == NodeKind.Method && key.Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor)
        {
            walk.ImplicitBaseConstructor(ctor);
        }

        // An abstract tool runs as whatever overrides it: the framework calls the object it was given.
        if (key.Kind == NodeKind.Method && key.Symbol is IMethodSymbol { IsAbstract: true } abstractMethod)
        {
            walk.Implementations(abstractMethod);
        }

        return summary;
    }

    /// <summary>Summarizes a member's code on its own, for capability uses that no entry point reaches.</summary>
    public NodeSummary SummarizeSyntax(SyntaxNode member, string displayName)
    {
        var summary = new NodeSummary(displayName, _context.Span(member));
        new Walk(this, summary).Visit(member);
        return summary;
    }

    private IEnumerable<SyntaxNode> Roots(NodeKey key)
    {
        var token = _context.CancellationToken;
        switch (key.Kind)
        {
            case NodeKind.Lambda:
                yield return key.Syntax!;
                break;
            case NodeKind.Method:
                var method = (IMethodSymbol)key.Symbol;
                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    var syntax = reference.GetSyntax(token);
                    switch (syntax)
                    {
                        case BaseMethodDeclarationSyntax m:
                            if (m is ConstructorDeclarationSyntax { Initializer: { } initializer })
                            {
                                yield return initializer;
                            }

                            if (m.Body != null) yield return m.Body;
                            if (m.ExpressionBody != null) yield return m.ExpressionBody;
                            break;
                        case AccessorDeclarationSyntax a:
                            if (a.Body != null) yield return a.Body;
                            if (a.ExpressionBody != null) yield return a.ExpressionBody;
                            break;
                        case ArrowExpressionClauseSyntax arrow:
                            yield return arrow;
                            break;
                        case LocalFunctionStatementSyntax local:
                            yield return local;
                            break;
                        case TypeDeclarationSyntax primaryConstructorType when primaryConstructorType.BaseList != null:
                            foreach (var baseType in primaryConstructorType.BaseList.Types.OfType<PrimaryConstructorBaseTypeSyntax>())
                            {
                                yield return baseType.ArgumentList;
                            }

                            break;
                    }
                }

                if (method.MethodKind == MethodKind.Constructor && !CallsThis(method, token))
                {
                    foreach (var initializer in InstanceInitializers(method.ContainingType, token))
                    {
                        yield return initializer;
                    }
                }

                break;
            case NodeKind.TypeInitializer:
                foreach (var reference in key.Symbol.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(token) is TypeDeclarationSyntax type)
                    {
                        foreach (var member in type.Members.Where(ProjectContext.IsStaticInitializer))
                        {
                            yield return member;
                        }
                    }
                }

                break;
            case NodeKind.DelegateStore:
                foreach (var value in DelegateStoreValues(key.Symbol))
                {
                    yield return value;
                }

                break;
        }
    }

    private static bool CallsThis(IMethodSymbol ctor, System.Threading.CancellationToken token) =>
        ctor.DeclaringSyntaxReferences.Select(r => r.GetSyntax(token)).OfType<ConstructorDeclarationSyntax>()
            .Any(c => c.Initializer?.ThisOrBaseKeyword.IsKind(SyntaxKind.ThisKeyword) == true);

    private static IEnumerable<SyntaxNode> InstanceInitializers(INamedTypeSymbol type, System.Threading.CancellationToken token)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(token) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var member in declaration.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax field when !field.Modifiers.Any(SyntaxKind.StaticKeyword) && !field.Modifiers.Any(SyntaxKind.ConstKeyword):
                        foreach (var variable in field.Declaration.Variables)
                        {
                            if (variable.Initializer != null) yield return variable.Initializer;
                        }

                        break;
                    case PropertyDeclarationSyntax { Initializer: { } initializer } property when !property.Modifiers.Any(SyntaxKind.StaticKeyword):
                        yield return initializer;
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Values a delegate-typed field or property can hold: its initializer, every assignment to it in the scan,
    /// and, where it is assigned from a parameter, the arguments callers pass for that parameter.
    /// </summary>
    private IEnumerable<SyntaxNode> DelegateStoreValues(ISymbol store)
    {
        var token = _context.CancellationToken;
        foreach (var reference in store.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax(token))
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    yield return initializer.Value;
                    break;
                case PropertyDeclarationSyntax { Initializer: { } propertyInitializer }:
                    yield return propertyInitializer.Value;
                    break;
            }
        }

        foreach (var assignment in _context.References.AssignmentsTo(store.Name))
        {
            var model = _context.Model(assignment.SyntaxTree);
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, token).Symbol?.OriginalDefinition, store))
            {
                continue;
            }

            yield return assignment.Right;
            if (model.GetSymbolInfo(assignment.Right, token).Symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol receiver } parameter)
            {
                foreach (var argument in _context.ArgumentsPassedTo(receiver, parameter.Name))
                {
                    yield return argument;
                }
            }
        }
    }

    /// <summary>The walk over one node's syntax.</summary>
    private sealed class Walk
    {
        private readonly NodeSummarizer _owner;
        private readonly ProjectContext _context;
        private readonly NodeSummary _summary;
        private readonly HashSet<(NodeKey, SourceSpan)> _edges = new();
        private readonly HashSet<(string, SourceSpan)> _uses = new();

        public Walk(NodeSummarizer owner, NodeSummary summary)
        {
            _owner = owner;
            _context = owner._context;
            _summary = summary;
        }

        public void Visit(SyntaxNode root)
        {
            var names = _context.InterestingNames;
            // Attributes are declarations, not calls: [DllImport] on a method is matched where the method is called.
            foreach (var node in root.DescendantNodesAndSelf(n => n is not AttributeListSyntax))
            {
                switch (node)
                {
                    case SimpleNameSyntax name when names.Contains(name.Identifier.ValueText) && !IsDeclarationOrType(name):
                        VisitName(name);
                        break;
                    case ObjectCreationExpressionSyntax creation when names.Contains(TypeName(creation.Type)):
                        VisitCreation(creation);
                        break;
                    case ImplicitObjectCreationExpressionSyntax implicitCreation:
                        VisitCreation(implicitCreation);
                        break;
                    case BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or CastExpressionSyntax when names.Contains(ImplicitCalls.Operators):
                        VisitImplicitCall(node);
                        break;
                    case ExpressionSyntax converted when names.Contains(ImplicitCalls.Conversions) && converted.Parent is EqualsValueClauseSyntax or ArgumentSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax or AssignmentExpressionSyntax:
                        VisitImplicitCall(converted);
                        if (converted is ElementAccessExpressionSyntax convertedAccess && names.Contains(ImplicitCalls.Indexers))
                        {
                            VisitIndexer(convertedAccess);
                        }

                        break;
                    case ElementAccessExpressionSyntax elementAccess when names.Contains(ImplicitCalls.Indexers):
                        VisitIndexer(elementAccess);
                        break;
                    case CommonForEachStatementSyntax forEach when names.Contains(ImplicitCalls.Enumerator):
                        VisitForEach(forEach);
                        break;
                    case UsingStatementSyntax or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } when names.Contains(ImplicitCalls.Dispose):
                        VisitUsing(node);
                        break;
                    case InvocationExpressionSyntax invocation when _context.Matcher.UnmanagedCallEntries.Count > 0 && invocation.Expression is IdentifierNameSyntax id && names.Contains(id.Identifier.ValueText):
                        VisitPossibleFunctionPointerCall(invocation);
                        break;
                }
            }
        }

        /// <summary>The constructor a constructor chains to: its <c>this(...)</c> or <c>base(...)</c>, else the base type's parameterless one.</summary>
        public void ImplicitBaseConstructor(IMethodSymbol ctor)
        {
            if (ctor.IsStatic)
            {
                return;
            }

            var token = _context.CancellationToken;
            var initializer = ctor.DeclaringSyntaxReferences.Select(r => r.GetSyntax(token)).OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => c.Initializer != null)?.Initializer;
            if (initializer != null)
            {
                if (_context.Model(initializer.SyntaxTree).GetSymbolInfo(initializer, token).Symbol is IMethodSymbol called)
                {
                    AddMethod(called, _context.Span(initializer), initializer, isBaseCall: true);
                }

                return;
            }

            if (ctor.ContainingType.BaseType is not { } baseType || !ProjectContext.IsInSource(baseType))
            {
                return;
            }

            var baseCtor = baseType.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0 || c.Parameters.All(p => p.IsOptional || p.IsParams));
            if (baseCtor != null)
            {
                var site = _summary.Location ?? _context.Span(baseType) ?? new SourceSpan("", 0, 0);
                AddEdge(new NodeKey(NodeKind.Method, baseCtor.OriginalDefinition), site);
            }
        }

        public void Implementations(IMethodSymbol method)
        {
            var site = _summary.Location ?? new SourceSpan("", 0, 0);
            foreach (var implementation in _context.Implementations(method))
            {
                AddEdge(new NodeKey(NodeKind.Method, implementation), site);
            }
        }

        /// <summary>User-defined operators and conversions: calls the code makes without naming them.</summary>
        private void VisitImplicitCall(SyntaxNode node)
        {
            var model = _context.Model(node.SyntaxTree);
            var symbol = model.GetSymbolInfo(node, _context.CancellationToken).Symbol as IMethodSymbol;
            if (symbol == null && node is ExpressionSyntax expression)
            {
                symbol = model.GetConversion(expression, _context.CancellationToken).MethodSymbol;
            }

            if (symbol is { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } && ProjectContext.IsInSource(symbol))
            {
                AddMethod(symbol, _context.Span(node), node, isBaseCall: false);
            }
        }

        private void VisitIndexer(ElementAccessExpressionSyntax access)
        {
            if (_context.Model(access.SyntaxTree).GetSymbolInfo(access, _context.CancellationToken).Symbol is not IPropertySymbol { IsIndexer: true } indexer || !ProjectContext.IsInSource(indexer))
            {
                return;
            }

            var writes = access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access;
            var accessor = writes ? indexer.SetMethod : indexer.GetMethod;
            if (accessor != null)
            {
                AddMethod(accessor, _context.Span(access), access, isBaseCall: false);
            }
        }

        private void VisitForEach(CommonForEachStatementSyntax forEach)
        {
            var info = _context.Model(forEach.SyntaxTree).GetForEachStatementInfo(forEach);
            var site = _context.Span(forEach);
            foreach (var method in new[] { info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty?.GetMethod, info.DisposeMethod })
            {
                if (method != null && ProjectContext.IsInSource(method))
                {
                    AddMethod(method, site, forEach, isBaseCall: false);
                }
            }
        }

        /// <summary>A <c>using</c> calls the resource's <c>Dispose</c> when it ends.</summary>
        private void VisitUsing(SyntaxNode node)
        {
            var model = _context.Model(node.SyntaxTree);
            var types = node switch
            {
                UsingStatementSyntax { Declaration: { } declaration } => new[] { model.GetTypeInfo(declaration.Type, _context.CancellationToken).Type },
                UsingStatementSyntax { Expression: { } expression } => new[] { model.GetTypeInfo(expression, _context.CancellationToken).Type },
                LocalDeclarationStatementSyntax local => new[] { model.GetTypeInfo(local.Declaration.Type, _context.CancellationToken).Type },
                _ => Array.Empty<ITypeSymbol?>(),
            };
            foreach (var type in types)
            {
                if (type is INamedTypeSymbol named && ProjectContext.IsInSource(named))
                {
                    foreach (var dispose in named.GetMembers("Dispose").Concat(named.GetMembers("DisposeAsync")).OfType<IMethodSymbol>().Where(m => m.Parameters.Length == 0))
                    {
                        AddMethod(dispose, _context.Span(node), node, isBaseCall: false);
                    }
                }
            }
        }

        private static bool IsDeclarationOrType(SimpleNameSyntax name) =>
            name.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax or NameColonSyntax or TypeArgumentListSyntax
            || (name.Parent is NameEqualsSyntax);

        private static string TypeName(TypeSyntax type) => type switch
        {
            NameSyntax n => SyntaxIndex.SimpleName(n),
            _ => "",
        };

        private void VisitName(SimpleNameSyntax name)
        {
            var model = _context.Model(name.SyntaxTree);
            var info = model.GetSymbolInfo(name, _context.CancellationToken);
            if (info.Symbol != null)
            {
                Handle(info.Symbol, name);
                return;
            }

            if (!info.CandidateSymbols.IsEmpty)
            {
                foreach (var candidate in info.CandidateSymbols)
                {
                    Handle(candidate, name);
                }

                return;
            }

            VisitUnresolvedName(name, model);
        }

        private void Handle(ISymbol symbol, SimpleNameSyntax name)
        {
            switch (symbol)
            {
                case IMethodSymbol method when method.MethodKind == MethodKind.DelegateInvoke:
                    if (ReceiverOf(name) is { } receiver && _context.Model(name.SyntaxTree).GetSymbolInfo(receiver, _context.CancellationToken).Symbol is { } store)
                    {
                        AddDelegateStore(store, name);
                        if (CallOf(name) is InvocationExpressionSyntax delegateCall && store.OriginalDefinition is IFieldSymbol or IPropertySymbol && ProjectContext.IsInSource(store))
                        {
                            _summary.Calls.Add(new SourceCall(new NodeKey(NodeKind.DelegateStore, store.OriginalDefinition), delegateCall, method, CallSite(name)));
                        }
                    }

                    break;
                case IMethodSymbol method:
                    if (IsInNameof(name))
                    {
                        return;
                    }

                    AddMethod(method, CallSite(name), name, isBaseCall: ReceiverOf(name) is BaseExpressionSyntax);
                    break;
                case IPropertySymbol property:
                    AddProperty(property, name);
                    break;
                case IFieldSymbol field:
                    AddField(field, name);
                    break;
            }
        }

        private void VisitCreation(BaseObjectCreationExpressionSyntax creation)
        {
            var model = _context.Model(creation.SyntaxTree);
            var info = model.GetSymbolInfo(creation, _context.CancellationToken);
            var ctor = info.Symbol as IMethodSymbol ?? info.CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
            if (ctor != null)
            {
                AddMethod(ctor, _context.Span(creation), creation, isBaseCall: false);
                return;
            }

            if (creation is ObjectCreationExpressionSyntax { Type: NameSyntax typeName } && model.GetTypeInfo(creation, _context.CancellationToken).Type is null or IErrorTypeSymbol)
            {
                var candidates = _context.CandidateFullNames(creation, WrittenName(typeName));
                AddUses(_context.Matcher.MatchByName(candidates, "#ctor"), typeName.ToString(), _context.Span(creation), byName: true, call: creation, method: null);
            }
        }

        private void VisitPossibleFunctionPointerCall(InvocationExpressionSyntax invocation)
        {
            var model = _context.Model(invocation.SyntaxTree);
            if (model.GetSymbolInfo(invocation, _context.CancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.FunctionPointerSignature } signature
                && (signature.CallingConvention & System.Reflection.Metadata.SignatureCallingConvention.Unmanaged) != 0 || IsUnmanaged(model, invocation))
            {
                AddUses(_context.Matcher.UnmanagedCallEntries, "delegate* unmanaged", _context.Span(invocation), byName: false, call: invocation, method: null);
            }
        }

        private bool IsUnmanaged(SemanticModel model, InvocationExpressionSyntax invocation) =>
            model.GetTypeInfo(invocation.Expression, _context.CancellationToken).Type is IFunctionPointerTypeSymbol pointer
            && pointer.Signature.CallingConvention != System.Reflection.Metadata.SignatureCallingConvention.Default;

        private void AddMethod(IMethodSymbol called, SourceSpan site, SyntaxNode node, bool isBaseCall)
        {
            var method = Normalize(called);
            if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            {
                return;
            }

            // An implicit constructor has no syntax, but runs the type's field initializers and its base constructor.
            var call = CallOf(node);
            if (ProjectContext.IsInSource(method) || (method.MethodKind == MethodKind.Constructor && ProjectContext.IsInSource(method.ContainingType)))
            {
                var target = new NodeKey(NodeKind.Method, method);
                AddEdge(target, site);
                if (call is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax)
                {
                    _summary.Calls.Add(new SourceCall(target, call, called, site));
                }
            }

            AddTypeInitializer(method.ContainingType, method.IsStatic || method.MethodKind == MethodKind.Constructor, site);
            if (!isBaseCall && IsDispatched(method))
            {
                foreach (var implementation in _context.Implementations(method))
                {
                    if (implementation is IMethodSymbol target)
                    {
                        var key = new NodeKey(NodeKind.Method, target);
                        AddEdge(key, site);
                        if (call is InvocationExpressionSyntax)
                        {
                            _summary.Calls.Add(new SourceCall(key, call, called, site));
                        }
                    }
                }
            }

            // Activator.CreateInstance(typeof(T)) names its type statically: it is `new T()`, not dynamic code.
            var staticActivation = method.Name == "CreateInstance" && call is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } activation && activation.ArgumentList.Arguments[0].Expression is TypeOfExpressionSyntax;
            if (!staticActivation)
            {
                AddUses(_context.Matcher.Match(method), ApiName(method), site, byName: false, call: call, method: called);
            }

            if (ReflectionResolver.IsReflectionCall(method) && call is InvocationExpressionSyntax invocation)
            {
                foreach (var target in _owner._reflection.Resolve(method, invocation))
                {
                    var normalized = Normalize(target);
                    if (ProjectContext.IsInSource(normalized))
                    {
                        AddEdge(new NodeKey(NodeKind.Method, normalized), site);
                    }

                    AddUses(_context.Matcher.Match(normalized), ApiName(normalized), site, byName: false, call: invocation, method: null);
                }
            }
        }

        private void AddProperty(IPropertySymbol property, SimpleNameSyntax name)
        {
            property = property.OriginalDefinition;
            var site = CallSite(name);
            var (reads, writes) = Access(name);
            if (ProjectContext.IsInSource(property))
            {
                foreach (var accessor in new[] { reads ? property.GetMethod : null, writes ? property.SetMethod : null })
                {
                    if (accessor == null)
                    {
                        continue;
                    }

                    if (HasBody(accessor))
                    {
                        AddEdge(new NodeKey(NodeKind.Method, accessor.OriginalDefinition), site);
                    }

                    if (ReceiverOf(name) is not BaseExpressionSyntax && IsDispatched(accessor))
                    {
                        foreach (var implementation in _context.Implementations(accessor))
                        {
                            AddEdge(new NodeKey(NodeKind.Method, implementation), site);
                        }
                    }
                }

                if (IsDelegate(property.Type) && !writes)
                {
                    AddDelegateStore(property, name);
                }
            }

            AddTypeInitializer(property.ContainingType, property.IsStatic, site);
            var value = writes && name.Parent is AssignmentExpressionSyntax a ? a.Right : (name.Parent as MemberAccessExpressionSyntax)?.Parent is AssignmentExpressionSyntax ma && ma.Left == name.Parent ? ma.Right : null;
            AddUses(_context.Matcher.Match(property), ApiName(property), site, byName: false, call: value, method: null);
        }

        private void AddField(IFieldSymbol field, SimpleNameSyntax name)
        {
            field = field.OriginalDefinition;
            var site = CallSite(name);
            if (ProjectContext.IsInSource(field) && IsDelegate(field.Type) && !Access(name).Writes)
            {
                AddDelegateStore(field, name);
            }

            if (!field.IsConst)
            {
                AddTypeInitializer(field.ContainingType, field.IsStatic, site);
            }

            AddUses(_context.Matcher.Match(field), ApiName(field), site, byName: false, call: null, method: null);
        }

        private void AddDelegateStore(ISymbol store, SimpleNameSyntax name)
        {
            store = store.OriginalDefinition;
            if (store is IFieldSymbol or IPropertySymbol && ProjectContext.IsInSource(store))
            {
                var key = new NodeKey(NodeKind.DelegateStore, store);
                AddEdge(key, CallSite(name));

                // _field(x): the stored delegate is called with these arguments.
                var type = store is IFieldSymbol field ? field.Type : ((IPropertySymbol)store).Type;
                if (name.Parent is InvocationExpressionSyntax call && call.Expression == name && (type as INamedTypeSymbol)?.DelegateInvokeMethod is { } invoke)
                {
                    _summary.Calls.Add(new SourceCall(key, call, invoke, CallSite(name)));
                }
            }
        }

        private void AddTypeInitializer(INamedTypeSymbol? type, bool isStaticAccess, SourceSpan site)
        {
            if (isStaticAccess && type != null && ProjectContext.IsInSource(type) && _context.HasStaticInitializer(type))
            {
                AddEdge(new NodeKey(NodeKind.TypeInitializer, type.OriginalDefinition), site);
            }
        }

        /// <summary>A name that did not resolve (a reference is missing): match the catalog by the names as written.</summary>
        private void VisitUnresolvedName(SimpleNameSyntax name, SemanticModel model)
        {
            var memberName = name.Identifier.ValueText;
            List<string> containers;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                containers = new List<string>();
                var receiverType = model.GetTypeInfo(access.Expression, _context.CancellationToken).Type;
                if (access.Expression is NameSyntax written && model.GetSymbolInfo(access.Expression, _context.CancellationToken).Symbol is null or IErrorTypeSymbol && receiverType is null or IErrorTypeSymbol)
                {
                    containers.AddRange(_context.CandidateFullNames(access, WrittenName(written)));
                }

                if (receiverType is IErrorTypeSymbol error)
                {
                    containers.AddRange(_context.CandidateFullNames(access, error.Name));
                    containers.AddRange(_context.CandidateFullNamesAnywhere(error.Name));
                }

                // Extension methods of a missing package are called on values: the catalogued container's namespace is imported here.
                if (model.GetSymbolInfo(access.Expression, _context.CancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol or IMethodSymbol
                    || access.Expression is not NameSyntax)
                {
                    containers.AddRange(ImportedContainersOf(memberName, access));
                }
            }
            else if (name.Parent is InvocationExpressionSyntax)
            {
                containers = ImportedContainersOf(memberName, name).ToList();
            }
            else
            {
                return;
            }

            if (containers.Count == 0 || IsInNameof(name))
            {
                return;
            }

            AddUses(_context.Matcher.MatchByName(containers, memberName), memberName, CallSite(name), byName: true, call: CallOf(name), method: null);
        }

        private IEnumerable<string> ImportedContainersOf(string memberName, SyntaxNode at)
        {
            if (!_context.Catalog.TryGetMemberApis(memberName, out var entries))
            {
                yield break;
            }

            var namespaces = _context.NamespacesInScope(at, out _);
            foreach (var entry in entries)
            {
                var container = entry.Symbol.Container;

                // A catalogued type the compilation has would have bound the call: only missing packages are guessed at.
                if (_context.Compilation.GetTypeByMetadataName(container) != null)
                {
                    continue;
                }

                var dot = container.LastIndexOf('.');
                if (dot > 0 && namespaces.Contains(container.Substring(0, dot)))
                {
                    yield return container;
                }
            }
        }

        private void AddUses(IReadOnlyList<ApiEntry> entries, string api, SourceSpan site, bool byName, SyntaxNode? call, IMethodSymbol? method)
        {
            foreach (var entry in entries)
            {
                if (entry.Condition != null && !ConditionHolds(entry.Condition, call, method))
                {
                    continue;
                }

                // Matched by name, the trace names the catalogued API rather than the name as written.
                var name = byName ? NameOf(entry.Symbol, api) : api;
                AddUse(new CapabilityUse(entry.Capability, name, site, byName, entry));
                AddDerivedUses(entry, name, site, byName, call, method);
                if (entry.Roles.Count > 0 && call != null)
                {
                    _summary.Sinks.Add(new SinkUse(entry, name, site, call, method));
                }
            }
        }

        private static string NameOf(SymbolId id, string written) => id.Kind switch
        {
            SymbolIdKind.Type => id.FullName.Split('`')[0] + "." + written,
            SymbolIdKind.Namespace or SymbolIdKind.Operation => written,
            _ => id.Container.Split('`')[0] + "." + (id.Name == "#ctor" ? ".ctor" : id.Name),
        };

        /// <summary>A path that names a well-known secret file reads a secret; a URL of a model hub downloads a model.</summary>
        private void AddDerivedUses(ApiEntry entry, string api, SourceSpan site, bool byName, SyntaxNode? call, IMethodSymbol? method)
        {
            if (call == null)
            {
                return;
            }

            if (entry.Roles.TryGetValue("path", out var pathParameters) && _context.Catalog.SecretPaths.Count > 0)
            {
                foreach (var text in RoleTexts(entry, call, method, pathParameters))
                {
                    if (ConstantText.ContainsAny(text, _context.Catalog.SecretPaths))
                    {
                        AddUse(new CapabilityUse(Capabilities.SecretsRead, api, site, byName, entry) { OnlyVia = SecretCallers(call) });
                        break;
                    }
                }
            }

            if (entry.Roles.TryGetValue("url", out var urlParameters) && _context.Catalog.ModelUrls.Count > 0)
            {
                foreach (var text in RoleTexts(entry, call, method, urlParameters))
                {
                    if (ConstantText.ContainsAny(text, _context.Catalog.ModelUrls))
                    {
                        AddUse(new CapabilityUse(Capabilities.ModelDownload, api, site, byName, entry));
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// The members whose calls pass a secret file's name into the method holding <paramref name="call"/> (a helper shared by
        /// tools): the secret is read only through them. Null when no caller passes one: the method's own code names it.
        /// </summary>
        private IReadOnlyList<ISymbol>? SecretCallers(SyntaxNode call)
        {
            var token = _context.CancellationToken;
            if (_context.Model(call.SyntaxTree).GetEnclosingSymbol(call.SpanStart, token) is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor, Parameters.Length: > 0 } method)
            {
                return null;
            }

            var via = new List<ISymbol>();
            foreach (var parameter in method.Parameters)
            {
                foreach (var argument in _context.ArgumentsPassedTo(method, parameter.Name, 16))
                {
                    if (ConstantText.ContainsAny(_owner._constants.Evaluate(argument), _context.Catalog.SecretPaths)
                        && _context.Model(argument.SyntaxTree).GetEnclosingSymbol(argument.SpanStart, token) is { } caller)
                    {
                        via.Add(CapabilityUse.Owner(caller));
                    }
                }
            }

            return via.Count == 0 ? null : via.Distinct(SymbolEqualityComparer.Default).ToList();
        }

        private IEnumerable<string> RoleTexts(ApiEntry entry, SyntaxNode call, IMethodSymbol? method, IReadOnlyList<string> parameters) =>
            Arguments.ForRole(entry, call, method, parameters).Select(_owner._constants.Evaluate);

        private bool ConditionHolds(ArgumentCondition condition, SyntaxNode? call, IMethodSymbol? method)
        {
            if (condition.Property != null)
            {
                return PropertyConditionHolds(condition, call, method);
            }

            ExpressionSyntax? argument = null;
            if (call is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax)
            {
                var list = Arguments.ListOf(call);
                argument = list == null || method == null ? null : Arguments.Find(list, method, condition.Parameter);
            }
            else if (call is ExpressionSyntax value && condition.Parameter == "value")
            {
                argument = value;
            }

            // Not passed (a default) or not known: an "if" needs the value; an "unless" does not rule the use out.
            return argument == null ? condition.Negated || call == null || method == null : ValueMatches(condition, argument);
        }

        /// <summary>A value the condition lists (or, for "unless", does not); a value that is not a constant matches.</summary>
        private bool ValueMatches(ArgumentCondition condition, ExpressionSyntax value)
        {
            var constant = ConstantName(value);
            if (constant == null)
            {
                return true;
            }

            return condition.Accepts(new[] { constant });
        }

        /// <summary>
        /// A property set on the object passed (<c>settings.TypeNameHandling</c>): in its initializer, or assigned to the
        /// local or field that holds it. Unset or not found, the property keeps its default, which an "if" does not match.
        /// Unresolved, every argument (and the receiver) is looked at, as the parameter cannot be told.
        /// </summary>
        private bool PropertyConditionHolds(ArgumentCondition condition, SyntaxNode? call, IMethodSymbol? method)
        {
            var candidates = new List<ExpressionSyntax>();
            if (condition.Parameter == "this" || method == null)
            {
                if (call is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
                {
                    candidates.Add(access.Expression);
                }
            }

            var list = Arguments.ListOf(call);
            if (list != null && condition.Parameter != "this")
            {
                if (method != null)
                {
                    if (Arguments.Find(list, method, condition.Parameter) is { } argument)
                    {
                        candidates.Add(argument);
                    }
                }
                else
                {
                    candidates.AddRange(list.Arguments.Select(a => a.Expression));
                }
            }

            var values = candidates.SelectMany(c => _context.PropertyValues(c, condition.Property!)).ToList();
            if (values.Count == 0)
            {
                return condition.Negated;
            }

            return values.Any(value => ValueMatches(condition, value));
        }

        private string? ConstantName(ExpressionSyntax expression)
        {
            var model = _context.Model(expression.SyntaxTree);
            if (model.GetSymbolInfo(expression, _context.CancellationToken).Symbol is IFieldSymbol { HasConstantValue: true } field)
            {
                return field.Name;
            }

            var constant = model.GetConstantValue(expression, _context.CancellationToken);
            return constant.HasValue ? Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "null" : null;
        }

        private void AddUse(CapabilityUse use)
        {
            if (_uses.Add((use.Capability, use.Site)))
            {
                _summary.Uses.Add(use);
            }
        }

        private void AddEdge(NodeKey target, SourceSpan site)
        {
            if (_edges.Add((target, site)))
            {
                _summary.Edges.Add(new Edge(target, site));
            }
        }

        private SourceSpan CallSite(SimpleNameSyntax name) => _context.Span(CallOf(name));

        /// <summary>The expression a name is the callee or member of: the invocation, else the member access.</summary>
        private static SyntaxNode CallOf(SyntaxNode name)
        {
            var node = name;
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            {
                node = access;
            }
            else if (node.Parent is MemberBindingExpressionSyntax binding && binding.Name == node)
            {
                node = binding;
            }

            if (node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node)
            {
                return invocation;
            }

            return node;
        }

        private static ExpressionSyntax? ReceiverOf(SimpleNameSyntax name) =>
            name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access.Expression : name.Parent is InvocationExpressionSyntax ? name : null;

        private static (bool Reads, bool Writes) Access(SimpleNameSyntax name)
        {
            SyntaxNode node = name;
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            {
                node = access;
            }

            return node.Parent switch
            {
                AssignmentExpressionSyntax a when a.Left == node => (!a.IsKind(SyntaxKind.SimpleAssignmentExpression), true),
                PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax => (true, true),
                _ => (true, false),
            };
        }

        private static bool IsInNameof(SyntaxNode node)
        {
            for (var current = node.Parent; current != null && current is not StatementSyntax && current is not MemberDeclarationSyntax; current = current.Parent)
            {
                if (current is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                {
                    return true;
                }
            }

            return false;
        }

        private static string WrittenName(NameSyntax name) => name switch
        {
            GenericNameSyntax g => g.Identifier.ValueText,
            QualifiedNameSyntax q => WrittenName(q.Left) + "." + WrittenName(q.Right),
            AliasQualifiedNameSyntax a => WrittenName(a.Name),
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => name.ToString(),
        };
    }

    internal static IMethodSymbol Normalize(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        return method.PartialImplementationPart ?? method;
    }

    private static bool IsDispatched(IMethodSymbol method) =>
        method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface;

    private static bool IsDelegate(ITypeSymbol type) => type.TypeKind == TypeKind.Delegate;

    private static bool HasBody(IMethodSymbol accessor) => accessor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() switch
    {
        AccessorDeclarationSyntax a => a.Body != null || a.ExpressionBody != null,
        ArrowExpressionClauseSyntax => true,
        _ => false,
    });

    /// <summary>How an API appears in a trace: <c>System.Diagnostics.Process.Start</c>.</summary>
    internal static string ApiName(ISymbol symbol) => SymbolNames.ReportMemberName(symbol is IMethodSymbol m ? Normalize(m) : symbol.OriginalDefinition);
}

/// <summary>Maps call-site arguments to parameters by name or position.</summary>
internal static class Arguments
{
    /// <summary>The argument list of a call or an object creation, or null for anything else.</summary>
    public static BaseArgumentListSyntax? ListOf(SyntaxNode? call) => call switch
    {
        InvocationExpressionSyntax i => i.ArgumentList,
        BaseObjectCreationExpressionSyntax o => o.ArgumentList,
        _ => null,
    };

    /// <summary>
    /// The expressions that play a sink's role: the named parameters' arguments; every argument when the API did not
    /// resolve; the assigned value when the sink is a property.
    /// </summary>
    public static IEnumerable<ExpressionSyntax> ForRole(ApiEntry entry, SyntaxNode call, IMethodSymbol? method, IEnumerable<string> parameters)
    {
        // A property or field sink: the call is the value assigned, whatever expression it is.
        if (entry.Symbol.Kind is SymbolIdKind.Property or SymbolIdKind.Field)
        {
            if (call is ExpressionSyntax value)
            {
                yield return value;
            }

            yield break;
        }

        var list = ListOf(call);
        if (list == null)
        {
            yield break;
        }

        if (method == null)
        {
            // Unresolved (or reached by reflection): arguments named like the role, else the first one, which APIs
            // put the command, URL, path or SQL in (the rest are options and bound parameters).
            var named = list.Arguments.Where(a => a.NameColon != null && parameters.Contains(a.NameColon.Name.Identifier.ValueText)).ToList();
            var reflection = call is InvocationExpressionSyntax reflective && SyntaxIndex.InvokedName(reflective) is "Invoke" or "InvokeMember" or "CreateInstance";
            foreach (var argument in named.Count > 0 ? named : reflection ? list.Arguments : list.Arguments.Take(1))
            {
                yield return argument.Expression;
            }

            yield break;
        }

        foreach (var parameter in parameters)
        {
            if (Find(list, method, parameter) is { } argument)
            {
                yield return argument;
            }
        }
    }

    public static ExpressionSyntax? Find(BaseArgumentListSyntax list, IMethodSymbol method, string parameterName)
    {
        var parameters = (method.ReducedFrom != null ? method.ReducedFrom.Parameters.Skip(1).ToList() : method.Parameters.ToList());
        var index = parameters.FindIndex(p => p.Name == parameterName);
        for (var i = 0; i < list.Arguments.Count; i++)
        {
            var argument = list.Arguments[i];
            if (argument.NameColon != null)
            {
                if (argument.NameColon.Name.Identifier.ValueText == parameterName)
                {
                    return argument.Expression;
                }
            }
            else if (i == index)
            {
                return argument.Expression;
            }
        }

        return null;
    }
}
