using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Tollgate.Catalog;

namespace Tollgate.Analysis;

/// <summary>
/// One pass over the syntax of every file, without binding: the names the scan declares, the methods that
/// may be tools, the calls that may register tools, and the members that mention a catalogued name.
/// </summary>
internal sealed class SyntaxIndex
{
    private SyntaxIndex(
        HashSet<string> sourceMemberNames,
        IReadOnlyList<MethodDeclarationSyntax> attributedMethods,
        IReadOnlyList<InvocationExpressionSyntax> factoryCalls,
        IReadOnlyList<SyntaxNode> membersMentioningCatalog,
        IReadOnlyList<TypeDeclarationSyntax> typeDeclarations,
        HashSet<string> registeredServiceNames)
    {
        RegisteredServiceNames = registeredServiceNames;
        SourceMemberNames = sourceMemberNames;
        AttributedMethods = attributedMethods;
        FactoryCalls = factoryCalls;
        MembersMentioningCatalog = membersMentioningCatalog;
        TypeDeclarations = typeDeclarations;
    }

    /// <summary>Names of methods, properties, fields and types declared in the scan.</summary>
    public HashSet<string> SourceMemberNames { get; }

    /// <summary>Methods carrying an attribute whose name a framework uses for tools.</summary>
    public IReadOnlyList<MethodDeclarationSyntax> AttributedMethods { get; }

    /// <summary>Invocations whose name is a framework's tool factory.</summary>
    public IReadOnlyList<InvocationExpressionSyntax> FactoryCalls { get; }

    /// <summary>Members with code (methods, accessors, constructors, initialized fields) that mention a catalogued name.</summary>
    public IReadOnlyList<SyntaxNode> MembersMentioningCatalog { get; }

    public IReadOnlyList<TypeDeclarationSyntax> TypeDeclarations { get; }

    /// <summary>Simple names of types registered with dependency injection (<c>AddSingleton&lt;T&gt;</c>, <c>AddSingleton(new T())</c>, <c>AddHttpClient</c>).</summary>
    public HashSet<string> RegisteredServiceNames { get; }

    public static SyntaxIndex Build(IEnumerable<SyntaxTree> trees, CapabilityCatalog catalog, HashSet<string> catalogNames, CancellationToken cancellationToken)
    {
        var attributeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in catalog.EntryDeclarations.Where(e => e.Kind == EntryDeclarationKind.Attribute))
        {
            var name = entry.Symbol.SimpleName;
            attributeNames.Add(name);
            if (name.EndsWith("Attribute", StringComparison.Ordinal))
            {
                attributeNames.Add(name.Substring(0, name.Length - "Attribute".Length));
            }
        }

        var factoryNames = new HashSet<string>(catalog.EntryDeclarations.Where(e => e.Kind == EntryDeclarationKind.Factory).Select(e => e.Symbol.Name), StringComparer.Ordinal);

        var perTree = new ConcurrentBag<TreeIndex>();
        Parallel.ForEach(trees, new ParallelOptions { CancellationToken = cancellationToken }, tree =>
        {
            var walker = new TreeIndex(attributeNames, factoryNames, catalogNames);
            walker.Visit(tree.GetRoot(cancellationToken));
            perTree.Add(walker);
        });

        // Sorted by file and position so everything downstream is deterministic.
        var ordered = perTree.OrderBy(t => t.Path, StringComparer.Ordinal).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var services = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in ordered)
        {
            names.UnionWith(t.Names);
            services.UnionWith(t.Services);
        }

        return new SyntaxIndex(
            names,
            ordered.SelectMany(t => t.AttributedMethods).ToList(),
            ordered.SelectMany(t => t.FactoryCalls).ToList(),
            ordered.SelectMany(t => t.Mentioning).ToList(),
            ordered.SelectMany(t => t.Types).ToList(),
            services);
    }

    private sealed class TreeIndex : CSharpSyntaxWalker
    {
        private readonly HashSet<string> _attributeNames;
        private readonly HashSet<string> _factoryNames;
        private readonly HashSet<string> _catalogNames;

        public TreeIndex(HashSet<string> attributeNames, HashSet<string> factoryNames, HashSet<string> catalogNames)
        {
            _attributeNames = attributeNames;
            _factoryNames = factoryNames;
            _catalogNames = catalogNames;
        }

        public string Path { get; private set; } = "";
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
        public List<MethodDeclarationSyntax> AttributedMethods { get; } = new();
        public List<InvocationExpressionSyntax> FactoryCalls { get; } = new();
        public List<SyntaxNode> Mentioning { get; } = new();
        public List<TypeDeclarationSyntax> Types { get; } = new();
        public HashSet<string> Services { get; } = new(StringComparer.Ordinal);

        public override void Visit(SyntaxNode? node)
        {
            if (node is CompilationUnitSyntax)
            {
                Path = node.SyntaxTree.FilePath;
            }

            base.Visit(node);
        }

        public override void VisitClassDeclaration(ClassDeclarationSyntax node) => VisitType(node, () => base.VisitClassDeclaration(node));
        public override void VisitStructDeclaration(StructDeclarationSyntax node) => VisitType(node, () => base.VisitStructDeclaration(node));
        public override void VisitRecordDeclaration(RecordDeclarationSyntax node) => VisitType(node, () => base.VisitRecordDeclaration(node));
        public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node) => VisitType(node, () => base.VisitInterfaceDeclaration(node));

        private void VisitType(TypeDeclarationSyntax node, Action visitChildren)
        {
            Names.Add(node.Identifier.ValueText);
            Types.Add(node);
            visitChildren();
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            Names.Add(node.Identifier.ValueText);
            if (node.AttributeLists.Count > 0 && node.AttributeLists.Any(l => l.Attributes.Any(a => _attributeNames.Contains(SimpleName(a.Name)))))
            {
                AttributedMethods.Add(node);
            }

            VisitCode(node);
        }

        public override void VisitPropertyDeclaration(PropertyDeclarationSyntax node)
        {
            Names.Add(node.Identifier.ValueText);
            if (node.ExpressionBody != null)
            {
                VisitCode(node.ExpressionBody);
            }

            if (node.AccessorList != null)
            {
                foreach (var accessor in node.AccessorList.Accessors)
                {
                    VisitCode(accessor);
                }
            }

            if (node.Initializer != null)
            {
                VisitCode(node);
            }
        }

        public override void VisitIndexerDeclaration(IndexerDeclarationSyntax node)
        {
            Names.Add(ImplicitCalls.Indexers);
            if (node.ExpressionBody != null)
            {
                VisitCode(node.ExpressionBody);
            }

            if (node.AccessorList != null)
            {
                foreach (var accessor in node.AccessorList.Accessors)
                {
                    VisitCode(accessor);
                }
            }
        }

        public override void VisitFieldDeclaration(FieldDeclarationSyntax node)
        {
            foreach (var variable in node.Declaration.Variables)
            {
                Names.Add(variable.Identifier.ValueText);
            }

            if (node.Declaration.Variables.Any(v => v.Initializer != null))
            {
                VisitCode(node);
            }
        }

        public override void VisitEventFieldDeclaration(EventFieldDeclarationSyntax node)
        {
            foreach (var variable in node.Declaration.Variables)
            {
                Names.Add(variable.Identifier.ValueText);
            }
        }

        public override void VisitConstructorDeclaration(ConstructorDeclarationSyntax node) => VisitCode(node);
        public override void VisitDestructorDeclaration(DestructorDeclarationSyntax node) => VisitCode(node);

        public override void VisitOperatorDeclaration(OperatorDeclarationSyntax node)
        {
            Names.Add(ImplicitCalls.Operators);
            VisitCode(node);
        }

        public override void VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
        {
            Names.Add(ImplicitCalls.Operators);
            Names.Add(ImplicitCalls.Conversions);
            VisitCode(node);
        }

        public override void VisitGlobalStatement(GlobalStatementSyntax node) => VisitCode(node);

        private static bool IsServiceRegistration(string name) =>
            name.StartsWith("Add", StringComparison.Ordinal) || name.StartsWith("TryAdd", StringComparison.Ordinal)
                ? name.EndsWith("Singleton", StringComparison.Ordinal) || name.EndsWith("Scoped", StringComparison.Ordinal) || name.EndsWith("Transient", StringComparison.Ordinal) || name == "AddHttpClient"
                : false;

        private void AddRegisteredServices(InvocationExpressionSyntax invocation)
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax { Name: GenericNameSyntax g } => g,
                GenericNameSyntax g => g,
                _ => null,
            };
            if (name != null)
            {
                foreach (var argument in name.TypeArgumentList.Arguments)
                {
                    Services.Add(TypeSimpleName(argument));
                }
            }

            if (InvokedName(invocation) == "AddHttpClient")
            {
                Services.Add("HttpClient");
            }

            foreach (var creation in invocation.ArgumentList.DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
            {
                Services.Add(TypeSimpleName(creation.Type));
            }

            foreach (var typeOf in invocation.ArgumentList.DescendantNodes().OfType<TypeOfExpressionSyntax>())
            {
                Services.Add(TypeSimpleName(typeOf.Type));
            }
        }

        private static string TypeSimpleName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            NullableTypeSyntax n => TypeSimpleName(n.ElementType),
            _ => type.ToString(),
        };

        /// <summary>Scans a member's code for catalogued names and tool factories, and for declared local function names.</summary>
        private void VisitCode(SyntaxNode member)
        {
            var mentions = false;
            foreach (var node in member.DescendantNodes())
            {
                switch (node)
                {
                    case SimpleNameSyntax name:
                        if (!mentions && _catalogNames.Contains(name.Identifier.ValueText))
                        {
                            mentions = true;
                        }

                        break;
                    case InvocationExpressionSyntax invocation:
                        var invoked = InvokedName(invocation);
                        if (_factoryNames.Contains(invoked))
                        {
                            FactoryCalls.Add(invocation);
                        }
                        else if (IsServiceRegistration(invoked))
                        {
                            AddRegisteredServices(invocation);
                        }

                        break;
                    case FunctionPointerTypeSyntax:
                        mentions = true;
                        if (node.Parent is VariableDeclarationSyntax declaration)
                        {
                            foreach (var variable in declaration.Variables)
                            {
                                Names.Add(variable.Identifier.ValueText);
                            }
                        }
                        else if (node.Parent is ParameterSyntax parameter)
                        {
                            Names.Add(parameter.Identifier.ValueText);
                        }

                        break;
                }
            }

            if (mentions)
            {
                Mentioning.Add(member);
            }
        }
    }

    public static string SimpleName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => name.ToString(),
    };

    public static string InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax b => b.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => "",
    };
}

/// <summary>Markers in <see cref="SyntaxIndex.SourceMemberNames"/> for members the compiler calls without a name at the call site.</summary>
internal static class ImplicitCalls
{
    /// <summary>The scan declares a user-defined operator or conversion (not a valid identifier, so no clash).</summary>
    public const string Operators = "operator";

    /// <summary>The scan declares a user-defined conversion, which applies wherever a value is converted.</summary>
    public const string Conversions = "implicit operator";

    /// <summary>The scan declares an indexer.</summary>
    public const string Indexers = "this[]";

    public const string Enumerator = "GetEnumerator";

    public const string Dispose = "Dispose";
}

/// <summary>Assignments and calls by simple name across all files, built the first time a delegate store needs it.</summary>
internal sealed class ReferenceIndex
{
    private readonly Dictionary<string, List<AssignmentExpressionSyntax>> _assignments;
    private readonly Dictionary<string, List<SyntaxNode>> _calls;

    private ReferenceIndex(Dictionary<string, List<AssignmentExpressionSyntax>> assignments, Dictionary<string, List<SyntaxNode>> calls)
    {
        _assignments = assignments;
        _calls = calls;
    }

    public IReadOnlyList<AssignmentExpressionSyntax> AssignmentsTo(string name) =>
        _assignments.TryGetValue(name, out var list) ? list : (IReadOnlyList<AssignmentExpressionSyntax>)Array.Empty<AssignmentExpressionSyntax>();

    /// <summary>Invocations of a method with this name, or creations of a type with this name.</summary>
    public IReadOnlyList<SyntaxNode> CallsNamed(string name) =>
        _calls.TryGetValue(name, out var list) ? list : (IReadOnlyList<SyntaxNode>)Array.Empty<SyntaxNode>();

    public static ReferenceIndex Build(IEnumerable<SyntaxTree> trees, CancellationToken cancellationToken)
    {
        var assignments = new Dictionary<string, List<AssignmentExpressionSyntax>>(StringComparer.Ordinal);
        var calls = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
        foreach (var tree in trees.OrderBy(t => t.FilePath, StringComparer.Ordinal))
        {
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment:
                        var target = assignment.Left switch
                        {
                            SimpleNameSyntax s => s.Identifier.ValueText,
                            MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
                            _ => null,
                        };
                        if (target != null)
                        {
                            Add(assignments, target, assignment);
                        }

                        break;
                    case InvocationExpressionSyntax invocation:
                        Add(calls, SyntaxIndex.InvokedName(invocation), invocation);
                        break;
                    case ObjectCreationExpressionSyntax creation:
                        Add(calls, SyntaxIndex.SimpleName(creation.Type as NameSyntax ?? SyntaxFactory.IdentifierName(creation.Type.ToString())), creation);
                        break;
                    case ImplicitObjectCreationExpressionSyntax implicitCreation:
                        Add(calls, "", implicitCreation);
                        break;
                }
            }
        }

        return new ReferenceIndex(assignments, calls);
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T node)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = new List<T>();
        }

        list.Add(node);
    }
}
