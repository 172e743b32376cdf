using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Tollgate.Model;

namespace Tollgate.Analysis.Metadata;

/// <summary>An assembly to scan: its image and, when there is one, its portable PDB (embedded, or given beside it).</summary>
public sealed record AssemblyInput(string DisplayPath, ImmutableArray<byte> Image, ImmutableArray<byte>? Pdb = null);

/// <summary>A value per member token (method, member reference, method specification, field), in arrays by table row.</summary>
internal sealed class TokenCache<T>
    where T : class
{
    private readonly T?[] _methods;
    private readonly T?[] _references;
    private readonly T?[] _specifications;
    private readonly T?[] _fields;

    public TokenCache(MetadataReader reader)
    {
        _methods = new T?[reader.GetTableRowCount(TableIndex.MethodDef) + 1];
        _references = new T?[reader.GetTableRowCount(TableIndex.MemberRef) + 1];
        _specifications = new T?[reader.GetTableRowCount(TableIndex.MethodSpec) + 1];
        _fields = new T?[reader.GetTableRowCount(TableIndex.Field) + 1];
    }

    public T GetOrAdd(int token, Func<int, T> compute)
    {
        var table = Table(token);
        var row = token & 0xFFFFFF;
        if (table == null || row >= table.Length)
        {
            return compute(token);
        }

        return table[row] ??= compute(token);
    }

    private T?[]? Table(int token) => (token >> 24) switch
    {
        0x06 => _methods,
        0x0A => _references,
        0x2B => _specifications,
        0x04 => _fields,
        _ => null,
    };
}

/// <summary>A method body decoded for the interpreter.</summary>
internal sealed record DecodedBody(List<ILInstruction> Instructions, HashSet<int> Handlers)
{
    /// <summary>A branch goes back: a value stored late in the body can be read earlier, so one pass in order is not enough.</summary>
    public bool HasLoop => Instructions.Any(i => (i.Operand <= i.Offset && ILInstructions.IsBranch(i.Code)) || i.Targets?.Any(t => t <= i.Offset) == true);
}

/// <summary>Why an assembly cannot be scanned, for the report.</summary>
public sealed class UnreadableAssemblyException : Exception
{
    public UnreadableAssemblyException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// One scanned assembly read with System.Reflection.Metadata: validated up front, never loaded into the runtime,
/// with its PDB's sequence points for locations.
/// </summary>
internal sealed class MetadataModule : IDisposable
{
    /// <summary>Real signatures are a few dozen bytes; a huge one is crafted to exhaust a recursive decoder (deeply nested generics).</summary>
    internal const int MaxSignatureBytes = 1024;

    private readonly PEReader _pe;
    private readonly MetadataReaderProvider? _pdbProvider;
    private readonly MetadataReader? _pdb;
    private readonly string? _documentRoot;
    private readonly string _container;
    private readonly ConcurrentDictionary<MethodDefinitionHandle, SequencePoint[]> _points = new();
    private readonly ConcurrentDictionary<int, string> _documents = new();

    private MetadataModule(AssemblyInput input, PEReader pe, MetadataReader reader, MetadataReaderProvider? pdbProvider)
    {
        Input = input;
        _pe = pe;
        Reader = reader;
        _pdbProvider = pdbProvider;
        _pdb = pdbProvider?.GetMetadataReader();
        AssemblyName = reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : Path.GetFileNameWithoutExtension(input.DisplayPath);
        Reference = MetadataReference.CreateFromImage(input.Image, filePath: input.DisplayPath);

        // An assembly inside a package is located through it (plugin.nupkg!Tools.cs), so findings of several packages stay apart.
        var bang = input.DisplayPath.LastIndexOf('!');
        _container = bang > 0 ? input.DisplayPath.Substring(0, bang + 1) : "";
        Members = new TokenCache<ResolvedMember>(reader);
        _decoded = new DecodedBody?[reader.GetTableRowCount(TableIndex.MethodDef) + 1];
        Callers = new List<MethodDefinitionHandle>?[reader.GetTableRowCount(TableIndex.MethodDef) + 1];
        Interesting = new TokenCache<object>(reader);
        _documentRoot = _pdb == null ? null : CommonDirectory(_pdb.Documents.Select(d => Normalize(_pdb.GetString(_pdb.GetDocument(d).Name))));
    }

    public AssemblyInput Input { get; }

    public MetadataReader Reader { get; }

    public string AssemblyName { get; }

    public MetadataReference Reference { get; }

    public bool HasPdb => _pdb != null;

    /// <summary>
    /// Per-token caches, indexed by table and row: what a token names, and whether it is worth a closer look. Arrays, not
    /// dictionaries, because every instruction of every body asks; a race only computes the same answer twice.
    /// </summary>
    internal TokenCache<ResolvedMember> Members { get; private set; } = null!;

    internal TokenCache<object> Interesting { get; private set; } = null!;

    /// <summary>For each method of the module (by row), the methods of the module that call it, filled by the one full read of the IL.</summary>
    internal List<MethodDefinitionHandle>?[] Callers { get; private set; } = Array.Empty<List<MethodDefinitionHandle>?>();

    /// <summary>Set once the compilation that references every scanned module is made.</summary>
    public IAssemblySymbol? Symbol { get; set; }

    /// <summary>Opens and validates an image; throws <see cref="UnreadableAssemblyException"/> with the reason when it cannot be scanned.</summary>
    public static MetadataModule Open(AssemblyInput input)
    {
        PEReader? pe = null;
        MetadataReaderProvider? pdb = null;
        try
        {
            pe = new PEReader(input.Image);
            if (!pe.HasMetadata)
            {
                throw new UnreadableAssemblyException("a native PE file with no .NET metadata: its code cannot be analysed");
            }

            var reader = pe.GetMetadataReader();
            Validate(reader);
            pdb = OpenPdb(pe, input);
            return new MetadataModule(input, pe, reader, pdb);
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException or IOException)
        {
            pe?.Dispose();
            pdb?.Dispose();
            throw new UnreadableAssemblyException("not a valid .NET assembly: " + ex.Message, ex);
        }
        catch (UnreadableAssemblyException)
        {
            pe?.Dispose();
            pdb?.Dispose();
            throw;
        }
    }

    /// <summary>Reads every table row the analysis will touch, so that garbage metadata fails here and not halfway through.</summary>
    private static void Validate(MetadataReader reader)
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            reader.GetString(type.Name);
            reader.GetString(type.Namespace);
        }

        foreach (var handle in reader.MethodDefinitions)
        {
            var method = reader.GetMethodDefinition(handle);
            reader.GetString(method.Name);
            CheckSignature(reader, method.Signature);
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            reader.GetString(member.Name);
            CheckSignature(reader, member.Signature);
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            CheckSignature(reader, reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).Signature);
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            CheckSignature(reader, reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).Signature);
        }

        foreach (var handle in reader.FieldDefinitions)
        {
            CheckSignature(reader, reader.GetFieldDefinition(handle).Signature);
        }

        foreach (var handle in reader.TypeReferences)
        {
            reader.GetString(reader.GetTypeReference(handle).Name);
        }

        foreach (var handle in reader.CustomAttributes)
        {
            reader.GetBlobReader(reader.GetCustomAttribute(handle).Value);
        }
    }

    private static void CheckSignature(MetadataReader reader, BlobHandle blob)
    {
        var length = reader.GetBlobReader(blob).Length;
        if (length > MaxSignatureBytes)
        {
            throw new UnreadableAssemblyException($"crafted metadata: a signature of {length} bytes (deeply nested generic types?)");
        }
    }

    /// <summary>The PDB given beside the image, else one embedded in it; a PDB path written in the image is never opened.</summary>
    private static MetadataReaderProvider? OpenPdb(PEReader pe, AssemblyInput input)
    {
        try
        {
            if (input.Pdb is { IsDefaultOrEmpty: false } bytes)
            {
                var provider = MetadataReaderProvider.FromPortablePdbImage(bytes);
                provider.GetMetadataReader();
                return provider;
            }

            foreach (var entry in pe.ReadDebugDirectory())
            {
                if (entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb)
                {
                    var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
                    provider.GetMetadataReader();
                    return provider;
                }
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or IOException or ArgumentException)
        {
            // A broken PDB costs only the source lines.
        }

        return null;
    }

    private DecodedBody?[] _decoded = Array.Empty<DecodedBody?>();
    private static readonly DecodedBody NoBody = new(new List<ILInstruction>(), new HashSet<int>());

    /// <summary>A body's instructions and exception handler starts, decoded once; empty when it has none or it is malformed.</summary>
    public DecodedBody Decoded(MethodDefinitionHandle handle)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        return row < _decoded.Length ? _decoded[row] ??= Decode(handle) : Decode(handle);
    }

    private DecodedBody Decode(MethodDefinitionHandle h)
    {
        var body = Body(h);
        if (body == null)
        {
            return NoBody;
        }

        var instructions = new List<ILInstruction>(body.Size / 2);
        ILInstructions.TryDecode(body.GetILReader(), instructions);
        var handlers = new HashSet<int>();
        foreach (var region in body.ExceptionRegions)
        {
            if (region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter)
            {
                handlers.Add(region.HandlerOffset);
            }

            if (region.Kind == ExceptionRegionKind.Filter)
            {
                handlers.Add(region.FilterOffset);
            }
        }

        return new DecodedBody(instructions, handlers);
    }

    /// <summary>The body of a method, or null when it has none or it cannot be read.</summary>
    public MethodBodyBlock? Body(MethodDefinitionHandle handle)
    {
        try
        {
            var rva = Reader.GetMethodDefinition(handle).RelativeVirtualAddress;
            return rva == 0 ? null : _pe.GetMethodBody(rva);
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Where an IL offset of a method is in source (PDB), or <c>Assembly!Type.Method</c> with the offset.</summary>
    public SourceSpan Site(MethodDefinitionHandle method, int offset, string memberName)
    {
        var points = SequencePoints(method);
        SequencePoint? best = null;
        foreach (var point in points)
        {
            if (point.Offset > offset && best != null)
            {
                break;
            }

            if (!point.IsHidden && (point.Offset <= offset || best == null))
            {
                best = point;
            }
        }

        if (best is { } found)
        {
            return new SourceSpan(Document(found.Document), found.StartLine, found.StartColumn);
        }

        return new SourceSpan($"{_container}{AssemblyName}!{memberName}", 0, offset);
    }

    private SequencePoint[] SequencePoints(MethodDefinitionHandle method) => _points.GetOrAdd(method, m =>
    {
        if (_pdb == null)
        {
            return Array.Empty<SequencePoint>();
        }

        try
        {
            var row = MetadataTokens.GetRowNumber(m);
            if (row > _pdb.GetTableRowCount(TableIndex.MethodDebugInformation))
            {
                return Array.Empty<SequencePoint>();
            }

            return _pdb.GetMethodDebugInformation(MetadataTokens.MethodDebugInformationHandle(row)).GetSequencePoints().OrderBy(p => p.Offset).ToArray();
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return Array.Empty<SequencePoint>();
        }
    });

    private string Document(DocumentHandle handle) => _documents.GetOrAdd(MetadataTokens.GetRowNumber(handle), _ =>
    {
        var name = Normalize(_pdb!.GetString(_pdb.GetDocument(handle).Name));
        return _container + (_documentRoot != null && name.StartsWith(_documentRoot, StringComparison.Ordinal) ? name.Substring(_documentRoot.Length) : name);
    });

    private static string Normalize(string path) => path.Replace('\\', '/');

    /// <summary>The directory every source document lies under (the project's), so paths read as the project writes them.</summary>
    private static string? CommonDirectory(IEnumerable<string> paths)
    {
        string? common = null;
        foreach (var path in paths)
        {
            var directory = path.Substring(0, path.LastIndexOf('/') + 1);
            if (common == null)
            {
                common = directory;
                continue;
            }

            var length = 0;
            while (length < common.Length && length < directory.Length && common[length] == directory[length])
            {
                length++;
            }

            common = common.Substring(0, common.LastIndexOf('/', Math.Max(0, length - 1)) + 1);
        }

        return string.IsNullOrEmpty(common) ? null : common;
    }

    public void Dispose()
    {
        _pdbProvider?.Dispose();
        _pe.Dispose();
    }
}
