using System.Diagnostics;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>Runs one of the benchmark's Python scripts (copied next to the console, under Benchmarks/) and returns its output lines.</summary>
internal static class PythonPeer
{
    /// <summary>
    /// Debian's interpreter, where <c>apt-get install python3-torch python3-sklearn</c> puts the peers' libraries (a
    /// <c>python3</c> earlier on the PATH may be another one), or null when it is missing: then the peers are not run.
    /// </summary>
    public static string? DebianPython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : null;

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="arguments"/> under <paramref name="python"/>; a failure
    /// throws with the script's error output and <paramref name="install"/> (how to get the peer library).
    /// OpenBLAS's core overrides are removed from the environment: OpenBLAS picks its kernels for the CPU itself.
    /// </summary>
    public static string[] Run(string python, string script, IEnumerable<string> arguments, string install)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Benchmarks", script);
        var start = new ProcessStartInfo(python, [path, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{python} {path} failed ({process.ExitCode}): {error.Result.Trim()} ({install})");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
