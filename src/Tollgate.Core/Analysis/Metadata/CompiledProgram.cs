using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.CodeAnalysis;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis.Metadata;

/// <summary>A method body in a scanned module.</summary>
internal sealed record Body(MetadataModule Module, MethodDefinitionHandle Handle, IMethodSymbol Symbol);

/// <summary>
/// The scanned assemblies as one program: which bodies make up a node (a method with its lambdas, local functions and
/// state machines, which the compiler moved into generated members), overrides and implementations across the
/// assemblies, and where an IL offset is in source.
/// </summary>
internal sealed class CompiledProgram
{
    private static readonly HashSet<string> StateMachineAttributes = new(StringComparer.Ordinal)
    {
        "AsyncStateMachineAttribute", "IteratorStateMachineAttribute", "AsyncIteratorStateMachineAttribute",
    };

    private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<Body>> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, IReadOnlyList<IMethodSymbol>> _implementations = new(SymbolEqualityComparer.Default);
    private readonly Lazy<IReadOnlyList<INamedTypeSymbol>> _types;
    private readonly Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>> _subtypes;

    public CompiledProgram(ProjectContext context, MetadataSymbols symbols, IReadOnlyList<MetadataModule> modules)
    {
        Context = context;
        Symbols = symbols;
        Modules = modules;
        _types = new Lazy<IReadOnlyList<INamedTypeSymbol>>(() => modules.Where(m => m.Symbol != null).SelectMany(m => AllTypes(m.Symbol!.GlobalNamespace)).ToList());
        _subtypes = new Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>>(Subtypes);
        _scannedTypes = new Lazy<HashSet<string>>(() => new HashSet<string>(
            modules.SelectMany(m => m.Reader.TypeDefinitions.Select(t => MetadataSymbols.TypeName(m.Reader, t))), StringComparer.Ordinal));
        _catalogNamespaces = new Lazy<HashSet<string>>(() => new HashSet<string>(
            context.Catalog.NamespaceApis.Where(a => a.Symbol.Kind == SymbolIdKind.Namespace).Select(a => a.Symbol.FullName), StringComparer.Ordinal));
        _dispatchOwners = new Lazy<HashSet<string>>(() => new HashSet<string>(_subtypes.Value.Keys.Select(t => context.Names.TypeId(t)), StringComparer.Ordinal));
    }

    public ProjectContext Context { get; }

    private readonly Lazy<HashSet<string>> _scannedTypes;
    private readonly Lazy<HashSet<string>> _dispatchOwners;

    /// <summary>Whether a type of that name (as metadata writes it) is declared in a scanned assembly.</summary>
    public bool IsScannedType(string name) => _scannedTypes.Value.Contains(name);

    /// <summary>
    /// Whether a call of a member of that type can run code of the scan, judged by names: the type is the scan's, or (for a
    /// virtual call) a scanned type derives from it or implements it. Only then is the call's symbol bound.
    /// </summary>
    public bool MayRunScannedCode(ResolvedMember member, bool virtualCall) =>
        IsScannedType(member.ContainerName) || (virtualCall && _dispatchOwners.Value.Contains(member.ContainerName));

    private readonly ConcurrentDictionary<INamedTypeSymbol, Dictionary<IFieldSymbol, Cell>> _fieldFacts = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// What a type's constructors store into its fields, read in one pass per type: the text and whether it ends with the
    /// separator (a containment root), and a delegate's target. Data labels do not cross nodes this way; only facts about values.
    /// </summary>
    public Cell? FieldFacts(IFieldSymbol field)
    {
        var facts = _fieldFacts.GetOrAdd(field.ContainingType.OriginalDefinition, t =>
        {
            var result = new Dictionary<IFieldSymbol, Cell>(SymbolEqualityComparer.Default);
            // Constructors only: where a root, a client or a delegate is set up; reading every member of a large type costs too much.
            foreach (var method in ((INamedTypeSymbol)t).InstanceConstructors.Concat(((INamedTypeSymbol)t).StaticConstructors))
            {
                foreach (var body in Bodies(method))
                {
                    var visitor = new FieldStores(this, body, (INamedTypeSymbol)t);
                    new ILInterpreter(body.Module, Symbols, body.Handle).Run(visitor);
                    foreach (var (stored, value) in visitor.Stored)
                    {
                        if (!result.TryGetValue(stored, out var known))
                        {
                            result[stored] = new Cell { Text = value.Text, Separator = value.Separator, Function = value.Function };
                            continue;
                        }

                        known.Text = Cell.JoinText(known.Text, value.Text);
                        known.Separator |= value.Separator;
                        known.Function ??= value.Function;
                    }
                }
            }

            return result;
        });
        return facts.TryGetValue(field.OriginalDefinition, out var cell) ? cell : null;
    }

    private readonly ConcurrentDictionary<IMethodSymbol, string?[]?> _parameterTexts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<(IMethodSymbol Caller, string?[] Texts)>> _callerTexts = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// A method's parameters' possible texts: what the scan's callers in its assembly pass for each (alternatives one per line,
    /// <c>*</c> where unknown), as the source engine evaluates a parameter; null when nothing calls it there.
    /// </summary>
    public string?[]? ParameterTexts(IMethodSymbol method) => _parameterTexts.GetOrAdd(method.OriginalDefinition, m =>
    {
        var calls = CallerTexts(m);
        if (calls.Count == 0)
        {
            return null;
        }

        var texts = (string?[])calls[0].Texts.Clone();
        foreach (var (_, passed) in calls.Skip(1))
        {
            for (var i = 0; i < texts.Length && i < passed.Length; i++)
            {
                texts[i] = Cell.JoinText(texts[i], passed[i]);
            }
        }

        return texts;
    });

    /// <summary>Each call of the method in its assembly (the first 16 callers): the member it is written in and the texts it passes.</summary>
    public IReadOnlyList<(IMethodSymbol Caller, string?[] Texts)> CallerTexts(IMethodSymbol method) => _callerTexts.GetOrAdd(method.OriginalDefinition, m =>
    {
        var module = Symbols.ModuleOf(m);
        var row = m.MetadataToken & 0xFFFFFF;
        var result = new List<(IMethodSymbol, string?[])>();
        if (module == null || m.MetadataToken >> 24 != 0x06 || row >= module.Callers.Length || module.Callers[row] is not { Count: > 0 } callers)
        {
            return result;
        }

        var target = Symbols.Member(module, m.MetadataToken);
        var count = ((IMethodSymbol)m).Parameters.Length;
        foreach (var handle in callers.Take(16))
        {
            if (Symbols.Method(module, handle) is not { } caller)
            {
                continue;
            }

            var capture = new ArgumentCapture(this, new Body(module, handle, caller), target);
            new ILInterpreter(module, Symbols, handle).Run(capture);
            foreach (var arguments in capture.Passed)
            {
                result.Add((OwnerMethod(caller), Enumerable.Range(0, count).Select(i => i < arguments.Length ? arguments[i].Text : null).ToArray()));
            }
        }

        return result;
    });

    /// <summary>The arguments a body passes in its calls of one method.</summary>
    private sealed class ArgumentCapture : CompiledVisitor
    {
        private readonly ResolvedMember _target;

        public ArgumentCapture(CompiledProgram program, Body body, ResolvedMember target)
            : base(program, body, new NodeState(body.Symbol, labelParameters: false))
        {
            _target = target;
        }

        public List<Cell[]> Passed { get; } = new();

        protected override Cell Call(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments)
        {
            if (ReferenceEquals(target, _target))
            {
                Passed.Add(arguments);
            }

            return External(code, target, receiver, arguments);
        }
    }

    private sealed class FieldStores : CompiledVisitor
    {
        private readonly INamedTypeSymbol _type;

        public FieldStores(CompiledProgram program, Body body, INamedTypeSymbol type)
            : base(program, body, new NodeState(body.Symbol, labelParameters: false))
        {
            _type = type;
        }

        public List<(IFieldSymbol Field, Cell Value)> Stored { get; } = new();

        protected override bool UsesFieldFacts => false;

        public override void StoreField(int offset, ResolvedMember field, Cell? instance, Cell value)
        {
            if (field.Symbol is IFieldSymbol stored && SymbolEqualityComparer.Default.Equals(stored.ContainingType?.OriginalDefinition, _type))
            {
                Stored.Add(((IFieldSymbol)stored.OriginalDefinition, value));
            }

            base.StoreField(offset, field, instance, value);
        }

        protected override Cell Call(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments) =>
            External(code, target, receiver, arguments);
    }

    public MetadataSymbols Symbols { get; }

    public IReadOnlyList<MetadataModule> Modules { get; }

    public static bool IsCompilerGenerated(ISymbol symbol) =>
        symbol.Name.StartsWith("<", StringComparison.Ordinal) || (symbol.ContainingType != null && IsCompilerGenerated(symbol.ContainingType));

    /// <summary>The body of a method declared in a scanned module, or null (a reference, an abstract member).</summary>
    public Body? BodyOf(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        var module = Symbols.ModuleOf(method);
        if (module == null || method.IsAbstract || method.MetadataToken == 0)
        {
            return null;
        }

        var handle = MetadataTokens.MethodDefinitionHandle(method.MetadataToken & 0xFFFFFF);
        return module.Reader.GetMethodDefinition(handle).RelativeVirtualAddress == 0 ? null : new Body(module, handle, method);
    }

    /// <summary>The bodies a node's code consists of: the method's, then every compiler-generated member it uses, transitively.</summary>
    public IReadOnlyList<Body> Bodies(IMethodSymbol root) => _bodies.GetOrAdd(root, r =>
    {
        var result = new List<Body>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>();
        queue.Enqueue(r);
        seen.Add(r);
        while (queue.Count > 0 && result.Count < 256)
        {
            var method = queue.Dequeue();
            if (BodyOf(method) is not { } body)
            {
                continue;
            }

            result.Add(body);
            foreach (var folded in StateMachines(method).Concat(GeneratedTargets(body)))
            {
                if (seen.Add(folded))
                {
                    queue.Enqueue(folded);
                }
            }
        }

        return result;
    });

    /// <summary>The MoveNext of the state machine an async method or iterator runs as.</summary>
    private static IEnumerable<IMethodSymbol> StateMachines(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass != null && StateMachineAttributes.Contains(attribute.AttributeClass.Name)
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is INamedTypeSymbol machine)
            {
                foreach (var moveNext in machine.GetMembers("MoveNext").OfType<IMethodSymbol>())
                {
                    yield return moveNext;
                }
            }
        }
    }

    /// <summary>Compiler-generated members a body calls, makes delegates of, or whose state-machine fields it touches.</summary>
    private IEnumerable<IMethodSymbol> GeneratedTargets(Body body)
    {
        foreach (var (instruction, member) in Tokens(body))
        {
            if (!member.MemberName.StartsWith("<", StringComparison.Ordinal) && member.ContainerName.IndexOf('<') < 0)
            {
                continue;
            }

            switch (member.Symbol)
            {
                case IMethodSymbol method when IsCompilerGenerated(method) && Symbols.IsScanned(method):
                    yield return method.OriginalDefinition;
                    break;
                case IFieldSymbol { ContainingType: { } owner } when IsCompilerGenerated(owner) && Symbols.IsScanned(owner):
                    foreach (var moveNext in owner.OriginalDefinition.GetMembers("MoveNext").OfType<IMethodSymbol>())
                    {
                        yield return moveNext;
                    }

                    break;
            }
        }
    }

    /// <summary>The instructions of a body that name a member, with what they name.</summary>
    public IEnumerable<(ILInstruction Instruction, ResolvedMember Member)> Tokens(Body body)
    {
        foreach (var instruction in body.Module.Decoded(body.Handle).Instructions)
        {
            if (NamesMember(instruction.Code))
            {
                yield return (instruction, Symbols.Member(body.Module, instruction.Token));
            }
        }
    }

    public static bool NamesMember(ILOpCode code) => code is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn
        or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stfld or ILOpCode.Stsfld;

    /// <summary>Members every type has; dispatching them to each override in the scan would connect everything to everything.</summary>
    private static readonly HashSet<string> ObjectMembers = new(StringComparer.Ordinal)
    {
        "ToString", "Equals", "GetHashCode", "Finalize", "Dispose", "DisposeAsync", "MoveNext", "get_Current", "Reset", "GetEnumerator", "GetAsyncEnumerator",
    };

    /// <summary>
    /// The members of the scan a call can run, each a node of its own: the method's body and, through dispatch, overrides
    /// and implementations. Members generated into <paramref name="node"/> are not (they are read with it).
    /// </summary>
    public List<IMethodSymbol> CallTargets(IMethodSymbol method, bool virtualCall, IMethodSymbol node)
    {
        method = method.OriginalDefinition;
        var result = new List<IMethodSymbol>();
        if (IsCompilerGenerated(method) && Bodies(node).Any(b => SymbolEqualityComparer.Default.Equals(b.Symbol, method)))
        {
            return result;
        }

        if (Symbols.IsScanned(method) && (BodyOf(method) != null || method.IsAbstract))
        {
            result.Add(method);
        }

        if ((virtualCall || method.IsAbstract) && !ObjectMembers.Contains(method.Name))
        {
            result.AddRange(Implementations(method).Where(m => !IsCompilerGenerated(m)));
        }

        return result;
    }

    /// <summary>Overrides and implementations in the scanned assemblies of a virtual, abstract or interface member.</summary>
    public IReadOnlyList<IMethodSymbol> Implementations(IMethodSymbol method) => _implementations.GetOrAdd(method.OriginalDefinition, m =>
    {
        var member = (IMethodSymbol)m;
        if (!(member.IsVirtual || member.IsAbstract || member.IsOverride || member.ContainingType?.TypeKind == TypeKind.Interface) || member.ContainingType == null)
        {
            return Array.Empty<IMethodSymbol>();
        }

        var owner = member.ContainingType.OriginalDefinition;
        var result = new List<IMethodSymbol>();
        foreach (var type in _subtypes.Value.TryGetValue(owner, out var subtypes) ? subtypes : new List<INamedTypeSymbol>())
        {
            if (owner.TypeKind == TypeKind.Interface)
            {
                if (type.TypeKind != TypeKind.Interface && ImplementationIn(type, owner, member) is { } implementation)
                {
                    result.Add(implementation);
                }

                continue;
            }

            foreach (var candidate in type.GetMembers(member.Name).OfType<IMethodSymbol>())
            {
                for (var overridden = candidate.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member))
                    {
                        result.Add(candidate.OriginalDefinition);
                        break;
                    }
                }
            }
        }

        return result.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToList();
    });

    /// <summary>Every scanned type under each base type and interface it derives from or implements: where dispatch can land.</summary>
    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> Subtypes()
    {
        var result = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        foreach (var type in _types.Value)
        {
            if (type.TypeKind == TypeKind.Interface)
            {
                continue;
            }

            var supertypes = type.AllInterfaces.Select(i => i.OriginalDefinition).ToList();
            for (var baseType = type.BaseType; baseType != null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
            {
                supertypes.Add(baseType.OriginalDefinition);
            }

            foreach (var supertype in supertypes.Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
            {
                if (!result.TryGetValue(supertype, out var list))
                {
                    result[supertype] = list = new List<INamedTypeSymbol>();
                }

                list.Add(type);
            }
        }

        return result;
    }

    private IMethodSymbol? ImplementationIn(INamedTypeSymbol type, INamedTypeSymbol owner, IMethodSymbol member)
    {
        foreach (var constructed in type.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(constructed.OriginalDefinition, owner))
            {
                continue;
            }

            foreach (var candidate in constructed.GetMembers(member.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, member)
                    && type.FindImplementationForInterfaceMember(candidate) is IMethodSymbol implementation && Symbols.IsScanned(implementation))
                {
                    return implementation.OriginalDefinition;
                }
            }
        }

        return null;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            foreach (var nested in WithNested(type))
            {
                yield return nested;
            }
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in AllTypes(child))
            {
                yield return type;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var nested in type.GetTypeMembers())
        {
            foreach (var inner in WithNested(nested))
            {
                yield return inner;
            }
        }
    }

    /// <summary>The member a compiler-generated body belongs to, as the report names it: <c>Program.Main</c> for <c>&lt;Main&gt;b__0_0</c>.</summary>
    public static string OwnerName(IMethodSymbol method)
    {
        var (type, inner) = Owner(method);
        if (type == null)
        {
            return method.Name == "<Main>$" ? "<top-level statements>" : SymbolNames.ReportMemberName(method);
        }

        return inner == "<Main>$" ? "<top-level statements>" : SymbolNames.ReportTypeName(type) + "." + inner;
    }

    /// <summary>The registering member of a body as the source engine names it (top-level statements are <c>Program.&lt;Main&gt;$</c>).</summary>
    public static string RegisteringName(IMethodSymbol method)
    {
        var (type, inner) = Owner(method);
        return type == null ? SymbolNames.ReportMemberName(method) : SymbolNames.ReportTypeName(type) + "." + inner;
    }

    /// <summary>
    /// For a compiler-generated member, the type and name of the member it was written in: <c>&lt;Main&gt;b__0_0</c>,
    /// <c>&lt;Run&gt;g__Local|0_0</c> and a state machine <c>&lt;Run&gt;d__3</c> hold it between their outer brackets.
    /// </summary>
    private static (INamedTypeSymbol? Type, string Inner) Owner(IMethodSymbol method)
    {
        if (!IsCompilerGenerated(method) || method.Name == "<Main>$")
        {
            return (null, "");
        }

        var symbol = (ISymbol)method;
        while (symbol.ContainingType != null && IsCompilerGenerated(symbol.ContainingType))
        {
            symbol = symbol.ContainingType;
        }

        var inner = Bracketed(symbol.Name);
        var type = symbol.ContainingType ?? method.ContainingType;
        return inner.Length == 0 || type == null ? (null, "") : (type, inner);
    }

    private static string Bracketed(string name)
    {
        if (!name.StartsWith("<", StringComparison.Ordinal))
        {
            return "";
        }

        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            depth += name[i] == '<' ? 1 : name[i] == '>' ? -1 : 0;
            if (depth == 0)
            {
                return name.Substring(1, i - 1);
            }
        }

        return "";
    }

    /// <summary>The method a compiler-generated body was written in (of its overloads, the one whose code holds it); else the body's own method.</summary>
    public IMethodSymbol OwnerMethod(IMethodSymbol method)
    {
        var (type, inner) = Owner(method);
        var overloads = type?.GetMembers(inner).OfType<IMethodSymbol>().ToList() ?? new List<IMethodSymbol>();
        return overloads.FirstOrDefault(o => Bodies(o).Any(b => SymbolEqualityComparer.Default.Equals(b.Symbol, method))) ?? overloads.FirstOrDefault() ?? method;
    }

    /// <summary>Where a body's code starts (its first sequence point), for an entry point's location.</summary>
    public SourceSpan Location(IMethodSymbol method)
    {
        foreach (var body in Bodies(method))
        {
            var site = body.Module.Site(body.Handle, 0, SymbolNames.ReportMemberName(body.Symbol));
            if (site.Line > 0)
            {
                return site;
            }
        }

        var first = BodyOf(method);
        var module = Symbols.ModuleOf(method);
        return first != null ? first.Module.Site(first.Handle, 0, SymbolNames.ReportMemberName(method))
            : new SourceSpan($"{module?.AssemblyName ?? method.ContainingAssembly?.Name}!{SymbolNames.ReportMemberName(method)}", 0, 0);
    }

    /// <summary>How many times a node's bodies must be read in order for values stored late (in a loop, or in a later body) to reach every read.</summary>
    public static int PassesFor(IReadOnlyList<Body> bodies, int most) =>
        bodies.Count == 1 && !bodies[0].Module.Decoded(bodies[0].Handle).HasLoop ? 1 : most;

    public SourceSpan Site(Body body, int offset) => body.Module.Site(body.Handle, offset, SymbolNames.ReportMemberName(body.Symbol));

    /// <summary>Catalogued APIs a member names: by symbol (and a property's, for its accessors), else by the names written in metadata.</summary>
    public IReadOnlyList<ApiEntry> Match(ResolvedMember member, out bool byName, out string api)
    {
        byName = false;
        var matcher = Context.Matcher;
        if (member.Symbol is { } symbol)
        {
            var target = symbol is IMethodSymbol { AssociatedSymbol: IPropertySymbol or IEventSymbol } accessor ? accessor.AssociatedSymbol! : symbol;
            api = NodeSummarizer.ApiName(target);
            var entries = matcher.Match(target);
            if (symbol is IMethodSymbol method && method.GetDllImportData() != null)
            {
                entries = entries.Concat(Context.Catalog.Apis.Where(a => a.Symbol.Kind == SymbolIdKind.Type && a.Symbol.FullName == "System.Runtime.InteropServices.DllImportAttribute")).ToList();
            }

            return entries;
        }

        if (member.ContainerName.Length == 0)
        {
            api = "";
            return Array.Empty<ApiEntry>();
        }

        var name = CatalogMemberName(member.MemberName);
        api = member.ContainerName + "." + (name == "#ctor" ? ".ctor" : name);
        byName = true;
        return matcher.MatchByName(new[] { member.ContainerName }, name);
    }

    private readonly ConcurrentDictionary<(string Container, string Member), bool> _catalogued = new();

    /// <summary>
    /// Whether the catalog could describe a member, judged by the names metadata writes (type and member, as a scan without
    /// the API's assembly matches them): the cheap test before a symbol is bound. Calls name the member's declaring type.
    /// </summary>
    public bool MayBeCatalogued(ResolvedMember member)
    {
        if (member.IsPlatformInvoke)
        {
            return true;
        }

        return member.ContainerName.Length > 0 && _catalogued.GetOrAdd((member.ContainerName, member.MemberName), names =>
        {
            var name = CatalogMemberName(names.Member);
            var simple = name == "#ctor" ? SimpleTypeName(names.Container) : name;
            return Context.CatalogNames.Contains(simple) && CataloguedByName(names.Container, name);
        });
    }

    /// <summary>The catalog names the member, its type, or a namespace the type is in (what the matcher by name accepts, without building the entries).</summary>
    private bool CataloguedByName(string container, string member)
    {
        var catalog = Context.Catalog;
        if (catalog.TryGetMemberApis(member, out var entries))
        {
            foreach (var entry in entries)
            {
                var tick = entry.Symbol.Container.IndexOf('`');
                if (entry.Symbol.Container == container || (tick > 0 && string.CompareOrdinal(entry.Symbol.Container, 0, container, 0, tick) == 0 && container.Length == tick))
                {
                    return true;
                }
            }
        }

        if (catalog.TryGetTypeApis(container, out _))
        {
            return true;
        }

        for (var dot = container.LastIndexOf('.'); dot > 0; dot = container.LastIndexOf('.', dot - 1))
        {
            if (_catalogNamespaces.Value.Contains(container.Substring(0, dot)))
            {
                return true;
            }
        }

        return false;
    }

    private readonly Lazy<HashSet<string>> _catalogNamespaces;

    /// <summary>A metadata member name as the catalog writes it: <c>#ctor</c>, accessors by their property's name.</summary>
    private static string CatalogMemberName(string name) => name switch
    {
        ".ctor" => "#ctor",
        _ when name.StartsWith("get_", StringComparison.Ordinal) || name.StartsWith("set_", StringComparison.Ordinal) || name.StartsWith("add_", StringComparison.Ordinal) => name.Substring(4),
        _ => name,
    };

    private static string SimpleTypeName(string container)
    {
        var name = container.Substring(container.LastIndexOf('.') + 1);
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }
}
