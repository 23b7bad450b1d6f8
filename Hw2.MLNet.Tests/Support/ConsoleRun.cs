using Hw2.MLNet.Samples.Commands;

namespace Hw2.MLNet.Tests.Support;

/// <summary>
/// Runs the console's entry point in the test process, capturing what it prints and its error lines. Standard output
/// is one per process and tests run in parallel, so one capture runs at a time.
/// </summary>
internal static class ConsoleRun
{
    private static readonly Lock Capture = new();

    /// <summary><see cref="RootCommandFactory.Run"/> on <paramref name="args"/>: its exit code, standard output and error writer's text.</summary>
    public static int Run(string[] args, out string printed, out string error)
    {
        var errors = new StringWriter();
        var output = new StringWriter();
        using Lock.Scope capture = Capture.EnterScope();
        TextWriter console = Console.Out;
        Console.SetOut(output);
        try
        {
            int code = RootCommandFactory.Run(args, errors);
            printed = output.ToString();
            error = errors.ToString();
            return code;
        }
        finally
        {
            Console.SetOut(console);
        }
    }
}
