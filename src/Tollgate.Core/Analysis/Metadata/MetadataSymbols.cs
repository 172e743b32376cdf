using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.CodeAnalysis;

namespace Tollgate.Analysis.Metadata;

/// <summary>
/// What a token in a method body names, as metadata writes it (container, name, signature shape), and Roslyn's symbol for
/// it, bound only when first asked for: most calls are judged by their names alone.
/// </summary>
internal sealed class ResolvedMember
{
    public static readonly ResolvedMember None = new("", "", 0, false);

    private readonly Func<ISymbol?>? _bind;
    private ISymbol? _symbol;
    private volatile bool _bound;

    public ResolvedMember(string containerName, string memberName, int parameterCount, bool hasThis, Func<ISymbol?>? bind = null)
    {
        ContainerName = containerName;
        MemberName = memberName;
        ParameterCount = parameterCount;
        HasThis = hasThis;
        _bind = bind;
    }

    /// <summary>A member whose symbol is already known (a call reached through a delegate or reflection).</summary>
    public static ResolvedMember Of(IMethodSymbol method) =>
        new(method.ContainingType is { } owner ? SymbolNames.MetadataTypeName(owner) : "", method.MetadataName, method.Parameters.Length, !method.IsStatic)
        {
            _symbol = method,
            _bound = true,
            ReturnsVoid = method.ReturnsVoid,
        };

    /// <summary>The symbol, bound on first use; null when the member's assembly is not referenced.</summary>
    public ISymbol? Symbol
    {
        get
        {
            if (!_bound)
            {
                _symbol = _bind?.Invoke();
                _bound = true;
            }

            return _symbol;
        }
    }

    public string ContainerName { get; }

    public string MemberName { get; }

    public int ParameterCount { get; }

    public bool HasThis { get; }

    public bool ReturnsVoid { get; init; }

    /// <summary>The method returns a reference type other than string (an object, array or collection it hands out).</summary>
    public bool ReturnsObject { get; init; }

    /// <summary>A method's generic arity.</summary>
    public int Arity { get; init; }

    /// <summary>A method declared in a scanned module that calls native code (P/Invoke).</summary>
    public bool IsPlatformInvoke { get; init; }

    /// <summary>The same signature under another name (a member reference to a method of the same module), bound its own way.</summary>
    public ResolvedMember Renamed(string memberName, Func<ISymbol?> bind) => new(ContainerName, memberName, ParameterCount, HasThis, bind)
    {
        ReturnsVoid = ReturnsVoid,
        ReturnsObject = ReturnsObject,
        Arity = Arity,
        IsPlatformInvoke = IsPlatformInvoke,
    };

    /// <summary>Reads a method signature's shape: generic arity, parameter count, and what kind of value it returns.</summary>
    public static (SignatureHeader Header, int Arity, int Parameters, bool ReturnsVoid, bool ReturnsObject) Shape(BlobReader signature)
    {
        var header = signature.ReadSignatureHeader();
        var arity = header.IsGeneric ? signature.ReadCompressedInteger() : 0;
        var parameters = signature.ReadCompressedInteger();
        var code = signature.ReadByte();
        while (code is 0x1F or 0x20 or 0x10)
        {
            // Custom modifiers name a type; a by-ref return is read through.
            if (code != 0x10)
            {
                signature.ReadTypeHandle();
            }

            code = signature.ReadByte();
        }

        var returnsObject = code is 0x12 or 0x1C or 0x1D or 0x14 || (code == 0x15 && signature.RemainingBytes > 0 && signature.ReadByte() == 0x12);
        return (header, arity, parameters, code == 0x01, returnsObject);
    }
}

/// <summary>
/// Maps the tokens of scanned assemblies to Roslyn's symbols for the same metadata (read, never loaded): the engine then
/// matches the catalog, names members and finds overrides exactly as it does for source.
/// </summary>
internal sealed class MetadataSymbols
{
    private readonly Compilation _compilation;
    private readonly Dictionary<string, IAssemblySymbol> _assemblies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(MetadataModule, int), INamedTypeSymbol?> _types = new();
    private readonly ConcurrentDictionary<INamedTypeSymbol, Dictionary<int, ISymbol>> _tokens = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IAssemblySymbol, MetadataModule> _modules = new(SymbolEqualityComparer.Default);

    public MetadataSymbols(Compilation compilation, IReadOnlyList<MetadataModule> modules)
    {
        _compilation = compilation;
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly && !_assemblies.ContainsKey(assembly.Name))
            {
                _assemblies[assembly.Name] = assembly;
            }
        }

        foreach (var module in modules)
        {
            module.Symbol = compilation.GetAssemblyOrModuleSymbol(module.Reference) as IAssemblySymbol;
            if (module.Symbol != null)
            {
                _modules[module.Symbol] = module;
            }
        }
    }

    /// <summary>The scanned module a symbol is declared in, or null for references.</summary>
    public MetadataModule? ModuleOf(ISymbol symbol) =>
        symbol.ContainingAssembly is { } assembly && _modules.TryGetValue(assembly, out var module) ? module : null;

    public bool IsScanned(ISymbol symbol) => ModuleOf(symbol) != null;

    public INamedTypeSymbol? Type(MetadataModule module, EntityHandle handle) => _types.GetOrAdd((module, MetadataTokens.GetToken(handle)), _ => ResolveType(module, handle, 0));

    /// <summary>What a token names; its symbol is bound when first asked for.</summary>
    public ResolvedMember Member(MetadataModule module, int token) => module.Members.GetOrAdd(token, t => Read(module, t));

    /// <summary>The symbol of a method declared in a scanned module.</summary>
    public IMethodSymbol? Method(MetadataModule module, MethodDefinitionHandle handle) => Member(module, MetadataTokens.GetToken(handle)).Symbol as IMethodSymbol;

    private ResolvedMember Read(MetadataModule module, int token)
    {
        Func<ISymbol?> bind = () => Bind(module, token);
        var reader = module.Reader;
        try
        {
            var handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                {
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    var shape = ResolvedMember.Shape(reader.GetBlobReader(method.Signature));
                    return new ResolvedMember(TypeName(reader, method.GetDeclaringType()), reader.GetString(method.Name), shape.Parameters, shape.Header.IsInstance, bind)
                    {
                        ReturnsVoid = shape.ReturnsVoid,
                        ReturnsObject = shape.ReturnsObject,
                        Arity = shape.Arity,
                        IsPlatformInvoke = (method.Attributes & System.Reflection.MethodAttributes.PinvokeImpl) != 0,
                    };
                }

                case HandleKind.FieldDefinition:
                {
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    return new ResolvedMember(TypeName(reader, field.GetDeclaringType()), reader.GetString(field.Name), 0, false, bind);
                }

                case HandleKind.MethodSpecification:
                    return Member(module, MetadataTokens.GetToken(reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method));
                case HandleKind.MemberReference:
                {
                    var reference = reader.GetMemberReference((MemberReferenceHandle)handle);
                    var name = reader.GetString(reference.Name);
                    var parent = reference.Parent;
                    if (parent.Kind == HandleKind.MethodDefinition)
                    {
                        return Member(module, MetadataTokens.GetToken(parent)).Renamed(name, bind);
                    }

                    var containerName = parent.Kind is HandleKind.TypeReference or HandleKind.TypeDefinition or HandleKind.TypeSpecification ? TypeName(reader, parent) : "";
                    if (reference.GetKind() == MemberReferenceKind.Field)
                    {
                        return new ResolvedMember(containerName, name, 0, false, bind);
                    }

                    var (header, arity, parameters, returnsVoid, returnsObject) = ResolvedMember.Shape(reader.GetBlobReader(reference.Signature));
                    return new ResolvedMember(containerName, name, parameters, header.IsInstance, bind) { ReturnsVoid = returnsVoid, ReturnsObject = returnsObject, Arity = arity };
                }

                default:
                    return ResolvedMember.None;
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return ResolvedMember.None;
        }
    }

    /// <summary>Binds a token to Roslyn's symbol for the same metadata.</summary>
    private ISymbol? Bind(MetadataModule module, int token)
    {
        var reader = module.Reader;
        try
        {
            var handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    return Type(module, reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()) is { } owner ? ByToken(owner, token) : null;
                case HandleKind.FieldDefinition:
                    return Type(module, reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()) is { } fieldOwner ? ByToken(fieldOwner, token) : null;
                case HandleKind.MethodSpecification:
                    return Member(module, MetadataTokens.GetToken(reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method)).Symbol;
                case HandleKind.MemberReference:
                    var reference = reader.GetMemberReference((MemberReferenceHandle)handle);
                    return reference.Parent.Kind == HandleKind.MethodDefinition
                        ? Member(module, MetadataTokens.GetToken(reference.Parent)).Symbol
                        : Bind(module, reference, Member(module, token));
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private ISymbol? Bind(MetadataModule module, MemberReference reference, ResolvedMember names)
    {
        var parent = reference.Parent;
        var type = parent.Kind is HandleKind.TypeReference or HandleKind.TypeDefinition or HandleKind.TypeSpecification ? Type(module, parent) : null;
        if (type == null)
        {
            return null;
        }

        if (reference.GetKind() == MemberReferenceKind.Field)
        {
            return type.OriginalDefinition.GetMembers(names.MemberName).OfType<IFieldSymbol>().FirstOrDefault();
        }

        var candidates = type.OriginalDefinition.GetMembers(names.MemberName).OfType<IMethodSymbol>()
            .Where(m => m.Parameters.Length == names.ParameterCount && m.Arity == names.Arity && m.IsStatic != names.HasThis).ToList();
        if (candidates.Count > 1)
        {
            var wanted = DocumentationSignature(module.Reader, reference.Signature);
            var exact = candidates.Where(c => ParameterList(c) == wanted).ToList();
            if (exact.Count > 0)
            {
                candidates = exact;
            }
        }

        return candidates.FirstOrDefault();
    }

    private ISymbol? ByToken(INamedTypeSymbol type, int token)
    {
        var map = _tokens.GetOrAdd(type.OriginalDefinition, t =>
        {
            var members = new Dictionary<int, ISymbol>();
            foreach (var member in t.GetMembers())
            {
                if (member is IMethodSymbol or IFieldSymbol)
                {
                    members[member.MetadataToken] = member;
                }
            }

            return members;
        });
        return map.TryGetValue(token, out var symbol) ? symbol : null;
    }

    private INamedTypeSymbol? ResolveType(MetadataModule module, EntityHandle handle, int depth)
    {
        if (depth > 16)
        {
            return null;
        }

        var reader = module.Reader;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
            {
                var definition = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                var name = reader.GetString(definition.Name);
                if (definition.GetDeclaringType() is { IsNil: false } outer)
                {
                    return ResolveType(module, outer, depth + 1)?.GetTypeMembers().FirstOrDefault(t => t.MetadataName == name);
                }

                return module.Symbol?.GetTypeByMetadataName(Qualified(reader.GetString(definition.Namespace), name));
            }

            case HandleKind.TypeReference:
            {
                var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                var name = reader.GetString(reference.Name);
                var scope = reference.ResolutionScope;
                if (scope.Kind == HandleKind.TypeReference)
                {
                    return ResolveType(module, scope, depth + 1)?.GetTypeMembers().FirstOrDefault(t => t.MetadataName == name);
                }

                var fullName = Qualified(reader.GetString(reference.Namespace), name);
                if (scope.Kind == HandleKind.AssemblyReference
                    && _assemblies.TryGetValue(reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), out var assembly))
                {
                    return assembly.GetTypeByMetadataName(fullName) ?? assembly.ResolveForwardedType(fullName) ?? _compilation.GetTypeByMetadataName(fullName);
                }

                return scope.Kind is HandleKind.ModuleDefinition ? module.Symbol?.GetTypeByMetadataName(fullName) : _compilation.GetTypeByMetadataName(fullName);
            }

            case HandleKind.TypeSpecification:
            {
                // A generic instantiation: members are looked up on its definition.
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                {
                    blob.ReadCompressedInteger();
                    return ResolveType(module, blob.ReadTypeHandle(), depth + 1);
                }

                return null;
            }

            default:
                return null;
        }
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>The catalog's name of a type token (<c>System.Diagnostics.Process</c>, nested with '.'), for matching by name.</summary>
    public static string TypeName(MetadataReader reader, EntityHandle handle, int depth = 0)
    {
        if (depth > 16)
        {
            return "";
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                var definition = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                var outer = definition.GetDeclaringType();
                return outer.IsNil ? Qualified(reader.GetString(definition.Namespace), reader.GetString(definition.Name)) : TypeName(reader, outer, depth + 1) + "." + reader.GetString(definition.Name);
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                return reference.ResolutionScope.Kind == HandleKind.TypeReference
                    ? TypeName(reader, reference.ResolutionScope, depth + 1) + "." + reader.GetString(reference.Name)
                    : Qualified(reader.GetString(reference.Namespace), reader.GetString(reference.Name));
            case HandleKind.TypeSpecification:
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                {
                    blob.ReadCompressedInteger();
                    return TypeName(reader, blob.ReadTypeHandle(), depth + 1);
                }

                return "";
            default:
                return "";
        }
    }

    /// <summary>A method's parameter list as documentation ids write it: <c>(System.String,System.Int32)</c>.</summary>
    private static string ParameterList(IMethodSymbol method)
    {
        var id = DocumentationCommentId.CreateDeclarationId(method) ?? "";
        var open = id.IndexOf('(');
        if (open < 0)
        {
            return "";
        }

        var close = id.LastIndexOf(')');
        return close > open ? id.Substring(open, close - open + 1) : "";
    }

    private static string DocumentationSignature(MetadataReader reader, BlobHandle signature)
    {
        var blob = reader.GetBlobReader(signature);
        var decoded = new SignatureDecoder<string, object?>(new DocumentationTypeNames(), reader, null).DecodeMethodSignature(ref blob);
        return decoded.ParameterTypes.Length == 0 ? "" : "(" + string.Join(",", decoded.ParameterTypes) + ")";
    }

    /// <summary>Types as documentation ids write them in parameter lists.</summary>
    private sealed class DocumentationTypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "System.Boolean",
            PrimitiveTypeCode.Byte => "System.Byte",
            PrimitiveTypeCode.SByte => "System.SByte",
            PrimitiveTypeCode.Char => "System.Char",
            PrimitiveTypeCode.Int16 => "System.Int16",
            PrimitiveTypeCode.UInt16 => "System.UInt16",
            PrimitiveTypeCode.Int32 => "System.Int32",
            PrimitiveTypeCode.UInt32 => "System.UInt32",
            PrimitiveTypeCode.Int64 => "System.Int64",
            PrimitiveTypeCode.UInt64 => "System.UInt64",
            PrimitiveTypeCode.Single => "System.Single",
            PrimitiveTypeCode.Double => "System.Double",
            PrimitiveTypeCode.IntPtr => "System.IntPtr",
            PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
            PrimitiveTypeCode.Object => "System.Object",
            PrimitiveTypeCode.String => "System.String",
            PrimitiveTypeCode.TypedReference => "System.TypedReference",
            _ => "System.Void",
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(reader, handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeName(reader, handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            TypeName(reader, handle);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) =>
            elementType + "[" + string.Join(",", Enumerable.Range(0, shape.Rank).Select(_ => "0:")) + "]";

        public string GetByReferenceType(string elementType) => elementType + "@";

        public string GetPointerType(string elementType) => elementType + "*";

        // Documentation ids write an instantiated List`1 as List{…}.
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            (genericType.LastIndexOf('`') is var tick and > 0 ? genericType.Substring(0, tick) : genericType) + "{" + string.Join(",", typeArguments) + "}";

        public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index;

        public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "=FUNC:" + signature.ReturnType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;
    }
}
