using Hw2.MLNet.Data.Sources;

namespace Hw2.MLNet.Data;

/// <summary>The one way a data set's verified files are obtained: each source in turn, for the files still missing or wrong.</summary>
internal static class DatasetFiles
{
    /// <summary>
    /// Makes sure <paramref name="folder"/> holds <paramref name="files"/> with the right checksums, trying each source in
    /// turn for the files that are missing or wrong. Every file is verified before it takes its final name.
    /// </summary>
    /// <exception cref="InvalidOperationException">No source delivered; the message lists what each source said and what to do.</exception>
    public static void EnsurePresent(string name, IReadOnlyList<DatasetFile> files, IReadOnlyList<IDatasetSource> sources, string folder, Action<string>? log)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var failures = new List<string>();
        foreach (IDatasetSource source in sources)
        {
            DatasetFile[] missing = [.. files.Where(f => !Checksums.Matches(Path.Combine(folder, f.Name), f.Sha256))];
            if (missing.Length == 0)
            {
                return;
            }

            try
            {
                source.Fetch(missing, folder, log);
                log?.Invoke($"{name} verified in {folder} (from {source.Description}).");
            }
            catch (Exception e) when (e is DatasetSourceException or InvalidDataException)
            {
                failures.Add($"- {source.Description}: {e.Message}");
                log?.Invoke($"{source.Description} failed: {e.Message}");
            }
        }

        if (!files.All(f => Checksums.Matches(Path.Combine(folder, f.Name), f.Sha256)))
        {
            throw new InvalidOperationException(
                $"Could not obtain {name} into {folder}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}{Environment.NewLine}" +
                $"Fix one of the sources above, or copy the files {string.Join(", ", files.Select(f => f.Name))} into {folder} yourself (they are checked against data/SHA256SUMS).");
        }
    }
}
