using System.CommandLine;
using Hw2.MLNet.Data;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Samples.Terminal;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>report</c> (the default): every experiment of the homework and two more, written up in <c>out/report.md</c>.</summary>
internal static class ReportCommand
{
    public static Command Create(CancellationToken cancellation)
    {
        var args = new CommonArguments();
        var command = new Command(
            "report",
            "Run the homework's experiments (training curves per implementation and network, both learning curves), a modern run, and the Q1 experiments; write OUT/report.md with figures, tables and timings.");
        args.AddCommon(command);
        command.SetAction(parse =>
        {
            int seed = parse.GetValue(args.Seed);
            ReportPlan plan = ReportPlan.Homework.WithSeed(seed);
            string commandLine = "dotnet run --project Hw2.MLNet.Samples -c Release -- " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            string report = Run(plan, args.GetDataset(parse), parse.GetValue(args.DataFolder)!, parse.GetValue(args.Out)!.FullName, args.GetVerbosity(parse), commandLine, cancellation);
            Console.WriteLine($"Report: {report}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="plan"/> on <paramref name="dataset"/> and returns the path of the report. The report, its
    /// CSVs and figures appear in <paramref name="outFolder"/> together at the end, or not at all.
    /// </summary>
    public static string Run(ReportPlan plan, ImageDataset dataset, DirectoryInfo dataFolder, string outFolder, Verbosity verbosity, string commandLine, CancellationToken cancellation)
    {
        var ml = new MLContext(seed: plan.Training.Seed);
        using var outputs = new OutputSet(outFolder, cancellation);
        ReportResults results = ConsoleProgress.Run(ml, verbosity, board =>
        {
            string folder = ExperimentData.Obtain(dataset, dataFolder, board.Log);
            ExperimentData raw = ExperimentData.Load(ml, dataset, folder, PixelScale.Raw);
            ExperimentData unit = ExperimentData.Load(ml, dataset, folder, PixelScale.Unit);
            return ReportRunner.Run(ml, raw, unit, plan, outputs, board, cancellation);
        });
        string report = outputs.WriteText("report.md", ReportWriter.Write(results, commandLine));
        outputs.Commit();
        return Path.Combine(outputs.Folder, report);
    }
}
