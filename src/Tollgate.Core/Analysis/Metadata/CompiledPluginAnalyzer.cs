using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Tollgate.Catalog;
using Tollgate.Model;

namespace Tollgate.Analysis.Metadata;

/// <summary>What the analysis of compiled assemblies found, and the assemblies it could not read (with why).</summary>
public sealed record CompiledAnalysis(AnalysisResult Result, IReadOnlyList<(string Path, string Reason)> Unreadable, IReadOnlyList<string> Scanned);

/// <summary>
/// The engine for compiled plugins: reads assemblies' metadata and IL with System.Reflection.Metadata (never loading or
/// running them), and reports entry points, capabilities and risks exactly as <see cref="PluginAnalyzer"/> does for source.
/// Symbols come from Roslyn's reading of the same metadata, so catalog matching, names and parameters are the source engine's.
/// </summary>
public sealed class CompiledPluginAnalyzer
{
    private readonly CapabilityCatalog _catalog;
    private readonly bool _risks;
    private readonly bool _unreached;

    public CompiledPluginAnalyzer(CapabilityCatalog catalog, bool risks = true, bool unreached = true)
    {
        _catalog = catalog;
        _risks = risks;
        _unreached = unreached;
    }

    /// <param name="assemblies">The assemblies to scan; calls between them are followed.</param>
    /// <param name="references">Assemblies they use whose code is not followed: the framework and libraries.</param>
    /// <param name="inventoried">
    /// Which scanned assemblies' capability uses no tool reaches are reported; null: the plugin's own, those no other scanned
    /// assembly references (its dependencies are followed from its tools, not inventoried).
    /// </param>
    public CompiledAnalysis Analyze(IReadOnlyList<AssemblyInput> assemblies, IReadOnlyList<MetadataReference> references, Func<string, bool>? inventoried = null, CancellationToken cancellationToken = default)
    {
        var modules = new List<MetadataModule>();
        var unreadable = new List<(string, string)>();
        try
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var input in assemblies)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var module = MetadataModule.Open(input);
                    if (!names.Add(module.AssemblyName))
                    {
                        unreadable.Add((input.DisplayPath, $"another scanned assembly is also named '{module.AssemblyName}'; only the first is analysed"));
                        module.Dispose();
                        continue;
                    }

                    modules.Add(module);
                }
                catch (UnreadableAssemblyException ex)
                {
                    unreadable.Add((input.DisplayPath, ex.Message));
                }
            }

            var kept = references.Where(r => !names.Contains(Path.GetFileNameWithoutExtension(r.Display ?? ""))).ToList();
            var compilation = CSharpCompilation.Create(
                "tollgate-compiled",
                references: modules.Select(m => m.Reference).Concat(kept),
                options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, metadataImportOptions: MetadataImportOptions.All));
            var symbols = new MetadataSymbols(compilation, modules);
            foreach (var module in modules.Where(m => m.Symbol == null).ToList())
            {
                unreadable.Add((module.Input.DisplayPath, "the compiler could not read its metadata"));
                modules.Remove(module);
            }

            var referenced = new HashSet<string>(modules.SelectMany(m => m.Reader.AssemblyReferences.Select(r => m.Reader.GetString(m.Reader.GetAssemblyReference(r).Name))), StringComparer.OrdinalIgnoreCase);
            var primary = new HashSet<string>(modules.Where(m => !referenced.Contains(m.AssemblyName)).Select(m => m.Input.DisplayPath), StringComparer.Ordinal);
            var result = Analyze(compilation, symbols, modules, inventoried ?? primary.Contains, cancellationToken);
            return new CompiledAnalysis(result, unreadable, modules.Select(m => m.Input.DisplayPath).ToList());
        }
        catch (BadImageFormatException ex)
        {
            // Validation reads every table the engine uses; anything it missed still fails these inputs, not the scan.
            unreadable.AddRange(modules.Select(m => (m.Input.DisplayPath, "not a valid .NET assembly: " + ex.Message)));
            return new CompiledAnalysis(new AnalysisResult(Array.Empty<EntryPoint>(), Array.Empty<Finding>(), false), unreadable, Array.Empty<string>());
        }
        finally
        {
            foreach (var module in modules)
            {
                module.Dispose();
            }
        }
    }

    private AnalysisResult Analyze(Compilation compilation, MetadataSymbols symbols, List<MetadataModule> modules, Func<string, bool> inventoried, CancellationToken cancellationToken)
    {
        var context = new ProjectContext(compilation, _catalog, _ => "", cancellationToken);
        var program = new CompiledProgram(context, symbols, modules);
        var finder = new EntryPointFinder(context);
        var (candidates, registering) = Candidates(program, modules, cancellationToken);
        var entries = Entries(program, finder, modules, registering, cancellationToken);
        var names = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var entry in entries.Where(e => CompiledProgram.IsCompilerGenerated(e.Root.Symbol)))
        {
            names[(IMethodSymbol)entry.Root.Symbol] = entry.EntryPoint.Id;
        }

        var summarizer = new CompiledSummarizer(program, names);
        var summaries = PluginAnalyzer.Explore(entries.Select(e => e.Root), summarizer.Summarize, cancellationToken);
        var taint = _risks ? new CompiledTaint(program, summarizer) : null;
        return PluginAnalyzer.Report(context, entries, summaries, taint,
            reached => _unreached ? Unreached(program, summarizer, summaries, candidates, reached, inventoried, cancellationToken) : UnreachedCode.None,
            cancellationToken);
    }

    private static readonly object Catalogued = new();
    private static readonly object Registers = new();
    private static readonly object Neither = new();

    /// <summary>
    /// One pass over every body: the ones that use a catalogued API, and the ones that call a tool factory. This is the only
    /// full read of the IL; each token is judged once, by its names first, and resolved only when a name could be catalogued.
    /// </summary>
    private static (List<Body> Catalogued, List<Body> Registering) Candidates(CompiledProgram program, List<MetadataModule> modules, CancellationToken cancellationToken)
    {
        var factories = new HashSet<(string, string)>(program.Context.Catalog.EntryDeclarations.Where(e => e.Kind == EntryDeclarationKind.Factory).Select(e => (e.Symbol.Container, e.Symbol.Name)));
        var catalogued = new ConcurrentBag<Body>();
        var registering = new ConcurrentBag<Body>();
        Parallel.ForEach(modules, new ParallelOptions { CancellationToken = cancellationToken }, module =>
        {
            foreach (var handle in module.Reader.MethodDefinitions)
            {
                bool uses = false, registers = false;
                foreach (var instruction in module.Decoded(handle).Instructions)
                {
                    if (!CompiledProgram.NamesMember(instruction.Code))
                    {
                        continue;
                    }

                    if (instruction.Code is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj && instruction.Token >> 24 == 0x06)
                    {
                        var row = instruction.Token & 0xFFFFFF;
                        if (row < module.Callers.Length && (module.Callers[row] ??= new List<MethodDefinitionHandle>()) is { } callers && (callers.Count == 0 || callers[callers.Count - 1] != handle))
                        {
                            callers.Add(handle);
                        }
                    }

                    var kind = module.Interesting.GetOrAdd(instruction.Token, token =>
                    {
                        var member = program.Symbols.Member(module, token);
                        if (factories.Contains((member.ContainerName, member.MemberName)))
                        {
                            return Registers;
                        }

                        return program.MayBeCatalogued(member) && program.Match(member, out _, out _).Count > 0 ? Catalogued : Neither;
                    });
                    uses |= ReferenceEquals(kind, Catalogued);
                    registers |= ReferenceEquals(kind, Registers);
                }

                if ((uses || registers) && program.Symbols.Method(module, handle) is { } method)
                {
                    var body = new Body(module, handle, method);
                    if (uses)
                    {
                        catalogued.Add(body);
                    }

                    if (registers)
                    {
                        registering.Add(body);
                    }
                }
            }
        });

        return (Ordered(catalogued), Ordered(registering));
    }

    private static List<Body> Ordered(IEnumerable<Body> bodies) =>
        bodies.OrderBy(b => b.Module.Input.DisplayPath, StringComparer.Ordinal).ThenBy(b => System.Reflection.Metadata.Ecma335.MetadataTokens.GetRowNumber(b.Handle)).ToList();

    private static List<DiscoveredEntry> Entries(CompiledProgram program, EntryPointFinder finder, List<MetadataModule> modules, List<Body> registering, CancellationToken cancellationToken)
    {
        var attributeNames = new HashSet<string>(program.Context.Catalog.EntryDeclarations.Where(e => e.Kind == EntryDeclarationKind.Attribute).Select(e => e.Symbol.Name), StringComparer.Ordinal);
        var result = new List<DiscoveredEntry>();
        var seen = new HashSet<(string, string)>();
        foreach (var module in modules)
        {
            var reader = module.Reader;
            foreach (var handle in reader.MethodDefinitions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!HasAttributeNamed(reader, reader.GetMethodDefinition(handle).GetCustomAttributes(), attributeNames) || program.Symbols.Method(module, handle) is not { } method)
                {
                    continue;
                }

                foreach (var entry in finder.FromAttributeData(method, program.Location(method)))
                {
                    if (seen.Add((entry.EntryPoint.Id, entry.EntryPoint.Framework)))
                    {
                        result.Add(entry);
                    }
                }
            }
        }

        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var body in registering)
        {
            foreach (var entry in new FactoryReader(program, finder, body, ordinals).Read())
            {
                if (seen.Add((entry.EntryPoint.Id, entry.EntryPoint.Framework)))
                {
                    result.Add(entry);
                }
            }
        }

        var filters = InvocationFilters(program, finder, modules, cancellationToken);
        for (var i = 0; i < result.Count && filters.Count > 0; i++)
        {
            if (result[i].Approval == null && filters.TryGetValue(result[i].EntryPoint.Framework, out var filter))
            {
                result[i] = result[i] with { Approval = filter };
            }
        }

        return result;
    }

    /// <summary>
    /// Framework filters compiled into the scan that see every tool call and can refuse it, as the source engine reads them
    /// (<see cref="EntryPointFinder"/>): a type implementing a catalogued approval interface, whose method taking <c>next</c>
    /// returns, throws or sets <c>Terminate</c> before calling it, and that other code creates or names as a type argument.
    /// </summary>
    private static Dictionary<string, string> InvocationFilters(CompiledProgram program, EntryPointFinder finder, List<MetadataModule> modules, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var filterTypes = program.Context.Catalog.Guards.Where(g => g.Kind == GuardKind.Approval && g.Symbol.Kind == SymbolIdKind.Type)
            .Where(g => program.Context.Compilation.GetTypeByMetadataName(g.Symbol.FullName) is not { } resolved || resolved.TypeKind == TypeKind.Interface)
            .ToDictionary(g => g.Symbol.FullName, g => g.Symbol, StringComparer.Ordinal);
        if (filterTypes.Count == 0)
        {
            return result;
        }

        foreach (var module in modules)
        {
            var reader = module.Reader;
            foreach (var handle in reader.TypeDefinitions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var type = reader.GetTypeDefinition(handle);
                var filter = type.GetInterfaceImplementations().Select(i => MetadataSymbols.TypeName(reader, reader.GetInterfaceImplementation(i).Interface))
                    .Where(filterTypes.ContainsKey).Select(n => filterTypes[n]).FirstOrDefault();
                var framework = filter == null ? null : finder.FrameworkOf(filter);
                if (framework == null || result.ContainsKey(framework)
                    || !type.GetMethods().Any(m => CanRefuse(program, module, m)) || !IsRegistered(program, modules, module, handle))
                {
                    continue;
                }

                result[framework] = $"human approval (invocation filter {reader.GetString(type.Name)})";
            }
        }

        return result;
    }

    /// <summary>Before its first call of a delegate (<c>next</c>), the method (or its state machine) returns, throws or sets <c>Terminate</c>.</summary>
    private static bool CanRefuse(CompiledProgram program, MetadataModule module, MethodDefinitionHandle handle)
    {
        if (program.Symbols.Method(module, handle) is not { Parameters.Length: >= 2 } method || method.Parameters[method.Parameters.Length - 1].Type.TypeKind != TypeKind.Delegate)
        {
            return false;
        }

        foreach (var body in program.Bodies(method))
        {
            var instructions = body.Module.Decoded(body.Handle).Instructions;
            var next = instructions.FindIndex(i => i.Code is ILOpCode.Callvirt or ILOpCode.Call
                && program.Symbols.Member(body.Module, i.Token) is { MemberName: "Invoke" } invoked && invoked.ContainerName.StartsWith("System.Func", StringComparison.Ordinal));
            if (next < 0)
            {
                continue;
            }

            var nextOffset = instructions[next].Offset;
            for (var i = 0; i < next; i++)
            {
                var instruction = instructions[i];
                // A leave past the call of next is a return (an async method's); one that stays before it only ends a try block.
                if (instruction.Code is ILOpCode.Throw or ILOpCode.Ret
                    || instruction.Code is ILOpCode.Leave or ILOpCode.Leave_s && instruction.Operand > nextOffset
                    || instruction.Code is ILOpCode.Call or ILOpCode.Callvirt && program.Symbols.Member(body.Module, instruction.Token).MemberName == "set_Terminate")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Code outside the type creates it (<c>newobj</c>), names it with <c>typeof</c>, or passes it as a generic argument (<c>AddSingleton&lt;IFilter, T&gt;</c>).</summary>
    private static bool IsRegistered(CompiledProgram program, List<MetadataModule> modules, MetadataModule home, TypeDefinitionHandle type)
    {
        var reader = home.Reader;
        var name = MetadataSymbols.TypeName(reader, type);
        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            try
            {
                var blob = reader.GetBlobReader(reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).Signature);
                if (blob.ReadSignatureHeader().Kind != SignatureKind.MethodSpecification)
                {
                    continue;
                }

                // Type arguments written as plain types; the first one that is not (a generic instance) ends the look.
                var count = blob.ReadCompressedInteger();
                for (var i = 0; i < count && blob.RemainingBytes > 0 && blob.ReadSignatureTypeCode() == SignatureTypeCode.TypeHandle; i++)
                {
                    if (blob.ReadTypeHandle() == (EntityHandle)type)
                    {
                        return true;
                    }
                }
            }
            catch (BadImageFormatException)
            {
                // A malformed signature names nothing.
            }
        }

        var own = new HashSet<MethodDefinitionHandle>(reader.GetTypeDefinition(type).GetMethods());
        foreach (var module in modules)
        {
            foreach (var method in module.Reader.MethodDefinitions)
            {
                if (module == home && own.Contains(method))
                {
                    continue;
                }

                foreach (var instruction in module.Decoded(method).Instructions)
                {
                    if (instruction.Code == ILOpCode.Newobj && program.Symbols.Member(module, instruction.Token).ContainerName == name
                        || instruction.Code == ILOpCode.Ldtoken && module == home && instruction.Token == MetadataTokens.GetToken(type))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool HasAttributeNamed(MetadataReader reader, CustomAttributeHandleCollection attributes, HashSet<string> names)
    {
        foreach (var handle in attributes)
        {
            var constructor = reader.GetCustomAttribute(handle).Constructor;
            var type = constructor.Kind switch
            {
                HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)constructor).Parent,
                HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType(),
                _ => default(EntityHandle),
            };
            var name = type.Kind switch
            {
                HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Name),
                HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
                _ => "",
            };
            if (names.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Capability uses in members no tool reaches: the first per member and capability, as for source.</summary>
    private static UnreachedCode Unreached(
        CompiledProgram program, CompiledSummarizer summarizer, ConcurrentDictionary<NodeKey, NodeSummary> reached, List<Body> candidates,
        HashSet<(string, SourceSpan)> reachedSites, Func<string, bool> inventoried, CancellationToken cancellationToken)
    {
        var reachedBodies = new HashSet<(MetadataModule, MethodDefinitionHandle)>(reached.Keys.SelectMany(k => program.Bodies((IMethodSymbol)k.Symbol)).Select(b => (b.Module, b.Handle)));
        var roots = candidates.Where(b => inventoried(b.Module.Input.DisplayPath) && !reachedBodies.Contains((b.Module, b.Handle)))
            .Select(b => program.OwnerMethod(b.Symbol)).Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToList();
        var results = new (CapabilityUse, string)[roots.Count][];
        var sinks = new (string, SinkUse)[roots.Count][];
        Parallel.For(0, roots.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var root = roots[i];
            if (reached.ContainsKey(new NodeKey(NodeKind.Method, root)))
            {
                results[i] = Array.Empty<(CapabilityUse, string)>();
                sinks[i] = Array.Empty<(string, SinkUse)>();
                return;
            }

            var name = CompiledProgram.OwnerName(root);
            var summary = summarizer.Summarize(new NodeKey(NodeKind.Method, root), usesOnly: true);
            results[i] = summary.Uses.Where(u => !reachedSites.Contains((u.Capability, u.Site))).Select(u => (u, name)).ToArray();
            var assembly = root.ContainingAssembly?.Name ?? "";
            sinks[i] = summary.Sinks.Where(u => !reachedSites.Contains((u.Entry.Capability, u.Site))).Select(u => (assembly, u)).ToArray();
        });

        return new UnreachedCode(PluginAnalyzer.FirstPerMemberAndCapability(results), sinks.SelectMany(b => b).ToList());
    }

    /// <summary>Tool registrations in one body: a factory call given a delegate (a method group or a lambda) and constant names.</summary>
    private sealed class FactoryReader : CompiledVisitor
    {
        private readonly EntryPointFinder _finder;
        private readonly Dictionary<string, int> _ordinals;
        private readonly List<DiscoveredEntry> _found = new();
        private readonly HashSet<int> _done = new();
        private readonly HashSet<string> _approvalTypes;

        public FactoryReader(CompiledProgram program, EntryPointFinder finder, Body body, Dictionary<string, int> ordinals)
            : base(program, body, new NodeState(body.Symbol, labelParameters: false))
        {
            _finder = finder;
            _ordinals = ordinals;
            _approvalTypes = new HashSet<string>(program.Context.Catalog.Guards.Where(g => g.Kind == GuardKind.Approval && g.Symbol.Kind == SymbolIdKind.Type).Select(g => g.Symbol.FullName), StringComparer.Ordinal);
        }

        public IEnumerable<DiscoveredEntry> Read()
        {
            new ILInterpreter(Body.Module, Program.Symbols, Body.Handle).Run(this);
            return _found;
        }

        protected override Cell Call(int offset, ILOpCode code, ResolvedMember target, Cell? receiver, Cell[] arguments)
        {
            // new ApprovalRequiredAIFunction(AIFunctionFactory.Create(...)): a person approves each call of that tool.
            if (code == ILOpCode.Newobj && _approvalTypes.Contains(target.ContainerName))
            {
                foreach (var argument in arguments.Where(a => a.Registration >= 0))
                {
                    _found[argument.Registration] = _found[argument.Registration] with { Approval = EntryPointFinder.WrapperApproval };
                }
            }

            var declaration = _finder.FactoryNamed(target.ContainerName, target.MemberName);
            if (declaration != null && _done.Add(offset))
            {
                var method = target.Symbol as IMethodSymbol;
                var byParameter = method != null ? ByParameter(method, receiver, arguments) : ByShape(declaration, arguments);
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                IMethodSymbol? registered = null;
                foreach (var field in declaration.Fields)
                {
                    if (!byParameter.TryGetValue(field.Value, out var cell))
                    {
                        continue;
                    }

                    switch (field.Key)
                    {
                        case "delegate":
                            registered = cell.Function;
                            break;
                        case "options" when cell.Properties != null:
                            foreach (var property in cell.Properties)
                            {
                                Option(fields, property.Key, property.Value);
                            }

                            break;
                        default:
                            if (cell.Text != null && cell.Text.IndexOf('\n') < 0)
                            {
                                fields[field.Key] = cell.Text;
                            }

                            break;
                    }
                }

                if (registered != null)
                {
                    var site = Program.Site(Body, offset);
                    string? lambdaId = null;
                    if (CompiledProgram.IsCompilerGenerated(registered))
                    {
                        var owner = CompiledProgram.RegisteringName(Body.Symbol);
                        _ordinals.TryGetValue(owner, out var ordinal);
                        _ordinals[owner] = ++ordinal;
                        lambdaId = $"{owner}.<lambda>{ordinal}";
                    }

                    _found.Add(_finder.FromCompiledFactory(declaration, registered.OriginalDefinition, fields, Program.Location(registered.OriginalDefinition), site, lambdaId));
                    var made = External(code, target, receiver, arguments);
                    made.Registration = _found.Count - 1;
                    return made;
                }
            }

            return External(code, target, receiver, arguments);
        }

        /// <summary>An unresolved factory's arguments by their shape: the delegate, then the constant strings for name and description.</summary>
        private static Dictionary<string, Cell> ByShape(EntryDeclaration declaration, Cell[] arguments)
        {
            var result = new Dictionary<string, Cell>(StringComparer.Ordinal);
            var strings = arguments.Where(a => a.Function == null && a.Text != null && !a.Object).ToList();
            if (arguments.FirstOrDefault(a => a.Function != null) is { } function && declaration.Fields.TryGetValue("delegate", out var parameter))
            {
                result[parameter] = function;
            }

            foreach (var (field, index) in new[] { ("name", 0), ("description", 1) })
            {
                if (declaration.Fields.TryGetValue(field, out var name) && index < strings.Count)
                {
                    result[name] = strings[index];
                }
            }

            return result;
        }

        private static void Option(Dictionary<string, object?> fields, string property, string? text)
        {
            var key = property switch
            {
                "Name" => "name",
                "Description" => "description",
                "Title" => "title",
                "ReadOnly" => "readOnly",
                "Destructive" => "destructive",
                "Idempotent" => "idempotent",
                "OpenWorld" => "openWorld",
                _ => null,
            };
            if (key == null || text == null || text.IndexOf('\n') >= 0)
            {
                return;
            }

            fields[key] = key is "name" or "description" or "title" ? text : text == "1" ? true : text == "0" ? false : null;
        }
    }
}
