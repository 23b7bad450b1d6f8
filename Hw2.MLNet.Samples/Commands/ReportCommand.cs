using System.CommandLine;
using Hw2.MLNet.Data;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Samples.Terminal;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>report</c> (the default): every experiment of the homework and two more, written up in <c>out/report.md</c>.</summary>
internal static class ReportCommand
{
    public static Command Create()
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
            string folder = parse.GetValue(args.Out)!.FullName;
            string report = Run(plan, args.GetDataset(parse), parse.GetValue(args.DataFolder)!, folder, args.GetVerbosity(parse), "dotnet run --project Hw2.MLNet.Samples -c Release -- " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
            Console.WriteLine($"Report: {report}");
            return 0;
        });
        return command;
    }

    /// <summary>Runs <paramref name="plan"/> on <paramref name="dataset"/> and returns the path of the report.</summary>
    public static string Run(ReportPlan plan, ImageDataset dataset, DirectoryInfo dataFolder, string outFolder, Verbosity verbosity, string commandLine)
    {
        var ml = new MLContext(seed: plan.Training.Seed);
        ReportResults results = ConsoleProgress.Run(ml, verbosity, board =>
        {
            string folder = ExperimentData.Obtain(dataset, dataFolder, board.Log);
            ExperimentData raw = ExperimentData.Load(ml, dataset, folder, PixelScale.Raw);
            ExperimentData unit = ExperimentData.Load(ml, dataset, folder, PixelScale.Unit);
            return ReportRunner.Run(ml, raw, unit, plan, outFolder, board);
        });
        string path = Path.Combine(outFolder, "report.md");
        File.WriteAllText(path, ReportWriter.Write(results, commandLine));
        return path;
    }
}
