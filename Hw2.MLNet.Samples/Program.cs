using System.CommandLine;
using Hw2.MLNet.Samples.Commands;

Command train = TrainCommand.Create();
var root = new RootCommand("Hw2.MLNet samples: the homework's experiments on MNIST, and benchmarks. Without a command, runs 'train' with the homework's settings.")
{
    train,
    DownloadCommand.Create(),
    BenchCommand.Create(),
};
string[] effective = args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version") ? ["train", .. args] : args;
return root.Parse(effective).Invoke();
