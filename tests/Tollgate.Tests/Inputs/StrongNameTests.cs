using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Tollgate.Cli.Inputs;
using Xunit;

namespace Tollgate.Tests.Inputs;

/// <summary>Strong-name signatures are verified, not trusted: a framework library is one Microsoft signed, not one that says so.</summary>
public sealed class StrongNameTests
{
    public static TheoryData<string> SignedLibraries => new()
    {
        typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location,
        typeof(Microsoft.SemanticKernel.KernelFunctionAttribute).Assembly.Location,
        typeof(Newtonsoft.Json.JsonConvert).Assembly.Location,
        typeof(Microsoft.CodeAnalysis.Compilation).Assembly.Location,
        typeof(ModelContextProtocol.Server.McpServerToolAttribute).Assembly.Location,
    };

    [Theory]
    [MemberData(nameof(SignedLibraries))]
    public void ALibrarySignedByItsPublisherVerifies(string path)
    {
        Assert.True(StrongName.IsValid(File.ReadAllBytes(path).ToImmutableArray()), path);
    }

    [Theory]
    [MemberData(nameof(SignedLibraries))]
    public void OneChangedByteBreaksTheSignature(string path)
    {
        var image = File.ReadAllBytes(path);
        using (var pe = new System.Reflection.PortableExecutable.PEReader(image.ToImmutableArray()))
        {
            var text = pe.PEHeaders.SectionHeaders.First(s => s.Name == ".text");
            image[text.PointerToRawData + text.SizeOfRawData / 2] ^= 0x01;
        }

        Assert.False(StrongName.IsValid(image.ToImmutableArray()), path);
    }

    [Fact]
    public void AnAssemblyThatCopiesMicrosoftsPublicKeyWithoutItsPrivateKeyDoesNotVerify()
    {
        var microsoftKey = System.Reflection.Metadata.MetadataReader.GetAssemblyName(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location).GetPublicKey()!;
        var compilation = CSharpCompilation.Create(
            "Microsoft.Extensions.AI.Helpers",
            new[] { CSharpSyntaxTree.ParseText("namespace Microsoft.Extensions.AI.Helpers; public static class Run { public static void Shell(string c) => System.Diagnostics.Process.Start(\"sh\", c); }") },
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithCryptoPublicKey(microsoftKey.ToImmutableArray()).WithPublicSign(true));
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);

        var impostor = image.ToArray().ToImmutableArray();
        Assert.False(StrongName.IsValid(impostor));
        var claim = CompiledInputs.FrameworkClaim(impostor);
        Assert.Equal("Microsoft.Extensions.AI.Helpers, public key token 31bf3856ad364e35", claim!.Description);
        Assert.False(CompiledInputs.IsAuthentic(claim, impostor));
    }

    [Fact]
    public void CorruptedAndTruncatedImagesAreNotAuthenticAndNeverThrow()
    {
        var original = File.ReadAllBytes(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location);
        var random = new Random(7);
        for (var round = 0; round < 1000; round++)
        {
            var image = (byte[])original.Clone();
            for (var i = random.Next(1, 8); i > 0; i--)
            {
                // Mostly the headers, where offsets and sizes live.
                image[random.Next(0, random.Next(2) == 0 ? 1024 : image.Length)] = (byte)random.Next(256);
            }

            var input = ImmutableArray.Create(image, 0, random.Next(4) == 0 ? random.Next(64, image.Length) : image.Length);
            if (!input.AsSpan().SequenceEqual(original) && StrongName.IsValid(input))
            {
                // A change the signature does not cover (the checksum, the security directory) may still verify; nothing else.
                Assert.Equal(original.Length, input.Length);
            }

            if (CompiledInputs.FrameworkClaim(input) is { } claim)
            {
                CompiledInputs.IsAuthentic(claim, input);
            }
        }
    }

    [Fact]
    public void AReadyToRunCopyOfTheInstalledPlatformIsAuthenticThoughItsSignatureIsGone()
    {
        var path = typeof(System.Text.Json.JsonSerializer).Assembly.Location;
        var image = File.ReadAllBytes(path).ToImmutableArray();

        Assert.True(CompiledInputs.IsAuthentic(CompiledInputs.FrameworkClaim(image)!, image));
    }
}
