using System;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Tollgate.Cli.Inputs;

/// <summary>
/// Verifies an assembly's strong-name signature (ECMA-335 II.6.2.1.3) against the public key it claims, without loading it:
/// the image is hashed as the runtime hashes it (the PE headers with the checksum and the security directory zeroed, the section
/// headers, every section's data but the signature blob) and the RSA signature checked. A key anyone can copy into metadata
/// proves nothing; only a signature made with its private key does.
/// </summary>
internal static class StrongName
{
    /// <summary>
    /// The ECMA "neutral" key (token b77a5c561934e089) stands for the platform's own key: Microsoft's (token b03f5f7f11d50a3a),
    /// which signs those assemblies.
    /// </summary>
    private static readonly byte[] NeutralKey = { 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0 };

    private static readonly byte[] MicrosoftKey = Convert.FromHexString(
        "002400000480000094000000060200000024000052534131000400000100010007d1fa57c4aed9f0a32e84aa0faefd0de9e8fd6aec8f87fb03766c834c9992"
        + "1eb23be79ad9d5dcc1dd9ad236132102900b723cf980957fc4e177108fc607774f29e8320e92ea05ece4e821c0a5efe8f1645c4c0c93c1ab99285d622caa652c1d"
        + "fad63d745d6f2de5f17e5eaf0fc4963d261c8a12436518206dc093344d5ad293");

    private const int CalgSha1 = 0x8004;
    private const int CalgSha256 = 0x800c;
    private const int CalgSha384 = 0x800d;
    private const int CalgSha512 = 0x800e;

    /// <summary>Whether the image carries a valid signature made with the private key of the public key in its identity.</summary>
    public static bool IsValid(ImmutableArray<byte> image)
    {
        try
        {
            using var pe = new PEReader(image);
            var headers = pe.PEHeaders;
            var cor = headers.CorHeader;
            if (cor == null || !pe.HasMetadata || headers.PEHeader == null)
            {
                return false;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return false;
            }

            var identityKey = reader.GetBlobBytes(reader.GetAssemblyDefinition().PublicKey);
            if (identityKey.AsSpan().SequenceEqual(NeutralKey))
            {
                identityKey = MicrosoftKey;
            }

            var signatureKey = SignatureKey(reader, identityKey) ?? identityKey;
            var directory = cor.StrongNameSignatureDirectory;
            if (directory.Size == 0 || !headers.TryGetDirectoryOffset(directory, out var signatureOffset))
            {
                return false;
            }

            var bytes = image.AsSpan();
            if (signatureOffset < 0 || (long)signatureOffset + directory.Size > bytes.Length)
            {
                return false;
            }

            if (ReadKey(signatureKey) is not { } key)
            {
                return false;
            }

            using (key.Rsa)
            {
                if (directory.Size != key.Rsa.KeySize / 8)
                {
                    return false;
                }

                var hash = Hash(bytes, headers, signatureOffset, directory.Size, key.Hash);
                var signature = bytes.Slice(signatureOffset, directory.Size).ToArray();
                Array.Reverse(signature);
                return key.Rsa.VerifyHash(hash, signature, key.Hash, RSASignaturePadding.Pkcs1);
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException or CryptographicException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// Enhanced strong naming: an <c>AssemblySignatureKeyAttribute</c> names the key that signed the image, countersigned by the
    /// identity key. Null when there is none; an empty array when its countersignature does not verify.
    /// </summary>
    private static byte[]? SignatureKey(MetadataReader reader, byte[] identityKey)
    {
        foreach (var handle in reader.GetCustomAttributes(EntityHandle.AssemblyDefinition))
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference
                || reader.GetString(reader.GetTypeReference((TypeReferenceHandle)constructor.Parent).Name) != "AssemblySignatureKeyAttribute")
            {
                continue;
            }

            var value = reader.GetBlobReader(attribute.Value);
            if (value.ReadUInt16() != 1)
            {
                return Array.Empty<byte>();
            }

            var publicKey = FromHex(value.ReadSerializedString());
            var countersignature = FromHex(value.ReadSerializedString());
            if (publicKey == null || countersignature == null || ReadKey(identityKey) is not { } identity)
            {
                return Array.Empty<byte>();
            }

            using (identity.Rsa)
            {
                Array.Reverse(countersignature);
                return identity.Rsa.VerifyData(publicKey, countersignature, identity.Hash, RSASignaturePadding.Pkcs1) ? publicKey : Array.Empty<byte>();
            }
        }

        return null;
    }

    private static byte[] Hash(ReadOnlySpan<byte> image, PEHeaders headers, int signatureOffset, int signatureSize, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var ntHeaders = headers.CoffHeaderStartOffset - 4; // the "PE\0\0" signature
        hash.AppendData(image.Slice(0, ntHeaders));

        // The NT headers as the runtime's structure holds them: the optional header with all 16 directories.
        var optionalSize = headers.PEHeader!.Magic == PEMagic.PE32Plus ? 240 : 224;
        var nt = image.Slice(ntHeaders, 24 + optionalSize).ToArray();
        var checksum = 24 + 64;
        var security = 24 + (headers.PEHeader.Magic == PEMagic.PE32Plus ? 112 : 96) + 4 * 8;
        Array.Clear(nt, checksum, 4);
        Array.Clear(nt, security, 8);
        hash.AppendData(nt);

        var sections = headers.CoffHeaderStartOffset + 20 + headers.CoffHeader.SizeOfOptionalHeader;
        hash.AppendData(image.Slice(sections, headers.SectionHeaders.Length * 40));

        var signatureEnd = signatureOffset + signatureSize;
        foreach (var section in headers.SectionHeaders)
        {
            var start = section.PointerToRawData;
            var end = start + section.SizeOfRawData;
            if (start < 0 || end > image.Length || end < start)
            {
                throw new BadImageFormatException("section outside the image");
            }

            if (signatureEnd <= start || signatureOffset >= end)
            {
                hash.AppendData(image.Slice(start, end - start));
                continue;
            }

            if (signatureOffset > start)
            {
                hash.AppendData(image.Slice(start, signatureOffset - start));
            }

            if (signatureEnd < end)
            {
                hash.AppendData(image.Slice(signatureEnd, end - signatureEnd));
            }
        }

        return hash.GetHashAndReset();
    }

    /// <summary>A strong-name public key blob: algorithm ids, then a CryptoAPI PUBLICKEYBLOB holding an RSA key.</summary>
    private static (RSA Rsa, HashAlgorithmName Hash)? ReadKey(byte[] blob)
    {
        if (blob.Length < 12 + 20)
        {
            return null;
        }

        var hash = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(4)) switch
        {
            0 or CalgSha1 => HashAlgorithmName.SHA1,
            CalgSha256 => HashAlgorithmName.SHA256,
            CalgSha384 => HashAlgorithmName.SHA384,
            CalgSha512 => HashAlgorithmName.SHA512,
            _ => (HashAlgorithmName?)null,
        };
        var key = blob.AsSpan(12);
        if (hash == null || key[0] != 0x06 || key[1] != 0x02 || BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(8)) != 0x31415352)
        {
            return null;
        }

        var bits = BinaryPrimitives.ReadInt32LittleEndian(key.Slice(12));
        if (bits < 512 || bits > 16384 || bits % 8 != 0 || key.Length < 20 + bits / 8)
        {
            return null;
        }

        var exponent = BitConverter.GetBytes(BinaryPrimitives.ReadUInt32LittleEndian(key.Slice(16))).Reverse().SkipWhile(b => b == 0).ToArray();
        var modulus = key.Slice(20, bits / 8).ToArray();
        Array.Reverse(modulus);
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Exponent = exponent, Modulus = modulus });
        return (rsa, hash.Value);
    }

    private static byte[]? FromHex(string? text)
    {
        try
        {
            return text == null ? null : Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
