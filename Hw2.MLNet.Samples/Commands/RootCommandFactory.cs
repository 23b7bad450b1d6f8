using System.CommandLine;

namespace Hw2.MLNet.Samples.Commands;

/// <summary>The console's command tree.</summary>
internal static class RootCommandFactory
{
    /// <summary>All commands under one root.</summary>
    public static RootCommand Create() => new("Hw2.MLNet samples: the homework's experiments on MNIST, a report, and benchmarks. Without a command, runs 'report'; options without a command go to 'report'.")
    {
        ReportCommand.Create(),
        TrainCommand.Create(),
        LearningCurveCommand.Create(),
        DownloadCommand.Create(),
        BenchCommand.Create(),
    };

    /// <summary>
    /// Parses and runs <paramref name="args"/> (with <c>report</c> as the default command). Failures the user can act
    /// on — data that cannot be obtained or read, a folder that cannot be written — print one line to
    /// <paramref name="error"/> and return 1 instead of a stack trace.
    /// </summary>
    public static int Run(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        ParseResult parse = Create().Parse(WithDefaultCommand(args));
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>The arguments with <c>report</c> put in front when no command is named.</summary>
    public static string[] WithDefaultCommand(string[] args) =>
        args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version")) ? ["report", .. args] : args;
}
