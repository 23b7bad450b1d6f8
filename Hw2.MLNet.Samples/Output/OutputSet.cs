using Hw2.MLNet.IO;

namespace Hw2.MLNet.Samples.Output;

/// <summary>
/// The files one command writes (CSVs, plots, the report), kept as a set: each is written under a temporary name
/// beside its final one as the run produces it, and <see cref="Commit"/> renames them all into place at the end. A run
/// that fails or is interrupted before then leaves the folder exactly as it was, never a broken file or files of two
/// runs side by side; <see cref="Dispose"/> removes the temporary files of a set that was not committed.
/// </summary>
internal sealed class OutputSet : IDisposable
{
    private readonly List<(string Temporary, string Final)> pending = [];
    private readonly CancellationToken cancellation;

    /// <summary>Creates <paramref name="folder"/> if needed and checks now, before any work, that files can be written there.</summary>
    /// <exception cref="IOException">The folder cannot be created or written; the message names it.</exception>
    public OutputSet(string folder, CancellationToken cancellation = default)
    {
        Folder = Path.GetFullPath(folder);
        this.cancellation = cancellation;
        string probe = AtomicFile.TemporaryPath(Path.Combine(Folder, "write-check"));
        try
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write to the output folder {Folder}: {e.Message}", e);
        }
    }

    /// <summary>The folder the files go to.</summary>
    public string Folder { get; }

    /// <summary>Writes <paramref name="name"/> (relative to <see cref="Folder"/>) under its temporary name and returns <paramref name="name"/>.</summary>
    /// <exception cref="OperationCanceledException">The run was interrupted: nothing more is written.</exception>
    public string Write(string name, Action<Stream> write)
    {
        cancellation.ThrowIfCancellationRequested();
        string final = Path.Combine(Folder, name);
        if (pending.Any(p => p.Final == final))
        {
            throw new InvalidOperationException($"{name} is written twice in one run.");
        }

        pending.Add((AtomicFile.WriteTemporary(final, write), final));
        return name;
    }

    /// <summary>Writes UTF-8 <paramref name="text"/> as <paramref name="name"/>.</summary>
    public string WriteText(string name, string text) => Write(name, AtomicFile.Utf8(text));

    /// <summary>Gives every file written so far its final name. An interruption is not checked here: the renames are the last, quick step.</summary>
    public void Commit()
    {
        foreach ((string temporary, string final) in pending)
        {
            File.Move(temporary, final, overwrite: true);
        }

        pending.Clear();
    }

    /// <summary>Deletes the temporary files of a set that was not committed.</summary>
    public void Dispose()
    {
        foreach ((string temporary, _) in pending)
        {
            File.Delete(temporary);
        }

        pending.Clear();
    }
}
