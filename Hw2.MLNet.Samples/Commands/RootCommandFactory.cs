using System.CommandLine;

namespace Hw2.MLNet.Samples.Commands;

/// <summary>The console's command tree.</summary>
internal static class RootCommandFactory
{
    /// <summary>All commands under one root; <paramref name="cancellation"/> interrupts the experiment commands.</summary>
    public static RootCommand Create(CancellationToken cancellation = default) => new("Hw2.MLNet samples: the homework's experiments on MNIST, a report, MLPs on any CSV table, ONNX export, and benchmarks. Without a command, runs 'report'; options without a command go to 'report'.")
    {
        ReportCommand.Create(cancellation),
        TrainCommand.Create(cancellation),
        TableCommand.Create(cancellation),
        LearningCurveCommand.Create(cancellation),
        RecipeCommand.Create(cancellation),
        ExportOnnxCommand.Create(),
        DownloadCommand.Create(),
        BenchCommand.Create(),
    };

    /// <summary>
    /// Parses and runs <paramref name="args"/> (with <c>report</c> as the default command). A command line that does
    /// not parse prints one line and returns 2 before anything runs or is created. Failures the user can act on — data
    /// that cannot be obtained or read, a folder that cannot be written — print one line to <paramref name="error"/>
    /// and return 1 instead of a stack trace; an interruption (<paramref name="cancellation"/>, Ctrl-C in the console)
    /// returns 130 with a line saying that no output was written.
    /// </summary>
    public static int Run(string[] args, TextWriter error, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        ParseResult parse = Create(cancellation).Parse(WithDefaultCommand(args));
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"error: {parse.Errors[0].Message} (--help lists the commands and options)");
            return 2;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine("interrupted: this run wrote no output; the output folder keeps the files of the last complete run.");
            return 130;
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
