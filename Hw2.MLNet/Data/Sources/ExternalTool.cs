using System.Diagnostics;

namespace Hw2.MLNet.Data.Sources;

/// <summary>Runs a command-line tool (npm, apt-get, dpkg-deb) and turns its absence or failure into a <see cref="DatasetSourceException"/>.</summary>
internal static class ExternalTool
{
    /// <summary>Runs <paramref name="tool"/> in <paramref name="workDir"/> and returns its standard output.</summary>
    public static string Run(string tool, IReadOnlyList<string> arguments, string workDir, string installHint)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DatasetSourceException($"{tool} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DatasetSourceException($"{tool} was not found ({installHint}).", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            string commandLine = tool + " " + string.Join(' ', arguments);
            if (process.ExitCode != 0)
            {
                throw new DatasetSourceException($"'{commandLine}' failed with exit code {process.ExitCode}: {stderr.Trim()}");
            }

            return stdout.Result;
        }
    }
}
