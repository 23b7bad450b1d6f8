using System.Security.Cryptography;

namespace Hw2.MLNet.Data;

/// <summary>SHA-256 helpers for verifying data files.</summary>
internal static class Checksums
{
    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string Sha256OfFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>True when <paramref name="path"/> exists and its SHA-256 is <paramref name="expected"/>.</summary>
    public static bool Matches(string path, string expected) =>
        File.Exists(path) && string.Equals(Sha256OfFile(path), expected, StringComparison.OrdinalIgnoreCase);
}
