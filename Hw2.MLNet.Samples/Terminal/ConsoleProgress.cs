using Microsoft.ML;
using Microsoft.ML.Runtime;
using Spectre.Console;

namespace Hw2.MLNet.Samples.Terminal;

/// <summary>Runs work under progress bars on a terminal, or plain lines when the output is redirected.</summary>
internal static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/> with the board that suits the console, relaying <paramref name="mlContext"/>'s log to it.</summary>
    public static T Run<T>(MLContext mlContext, Verbosity verbosity, Func<IProgressBoard, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var plain = new PlainProgressBoard(Console.Out, verbosity != Verbosity.Normal);
            RelayLog(mlContext, plain, verbosity);
            return work(plain);
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var board = new SpectreProgressBoard(context);
                RelayLog(mlContext, board, verbosity);
                return work(board);
            });
    }

    /// <summary>
    /// Forwards <paramref name="mlContext"/>'s log to the board: the trainer's messages with <see cref="Verbosity.Verbose"/>,
    /// everything ML.NET says with <see cref="Verbosity.Debug"/>, nothing otherwise.
    /// </summary>
    private static void RelayLog(MLContext mlContext, IProgressBoard board, Verbosity verbosity)
    {
        if (verbosity == Verbosity.Normal)
        {
            return;
        }

        mlContext.Log += (_, e) =>
        {
            bool fromTrainer = e.Source.Split(';')[0] is nameof(MlpTrainer) or nameof(MlpBinaryTrainer) or nameof(MlpRegressionTrainer) && e.Kind >= ChannelMessageKind.Info;
            if (verbosity == Verbosity.Debug || fromTrainer)
            {
                board.Log(e.Message);
            }
        };
    }
}
