using Hw2.MLNet.Samples.Commands;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Samples;

/// <summary>The console's entry point on bad command lines, an unwritable output folder and an interruption.</summary>
[TestClass]
public sealed class ConsoleBadInputTests
{
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-console-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    /// <summary>Each bad line gets one line of error and exit code 2, and nothing is created (no data folder, no output folder).</summary>
    [TestMethod]
    [DataRow("train DATA --out OUT -e abc", "--max-epochs (-e) takes a whole number of at least 1, not 'abc'.")]
    [DataRow("train DATA --out OUT -n abc", "--max-examples (-n) takes a whole number of at least 1, not 'abc'.")]
    [DataRow("train DATA --out OUT -l abc", "--learning-rate (-l) takes a positive number such as 0.001 or 1e-4, not 'abc'.")]
    [DataRow("train DATA --out OUT -m abc", "--minibatch-size (-m) takes a whole number of at least 1 or -1 for the full batch, not 'abc'.")]
    [DataRow("train DATA --out OUT -m 0", "--minibatch-size (-m) takes a whole number of at least 1 or -1 for the full batch, not '0'.")]
    [DataRow("train DATA --out OUT -e 2147483648", "--max-epochs (-e) takes a whole number of at least 1, not '2147483648'.")]
    [DataRow("train DATA --out OUT -e 0", "--max-epochs (-e) takes a whole number of at least 1, not '0'.")]
    [DataRow("train DATA --out OUT -l 1,5", "--learning-rate (-l) takes a positive number such as 0.001 or 1e-4, not '1,5'.")]
    [DataRow("train DATA --out OUT -l -0.1", "--learning-rate (-l) takes a positive number such as 0.001 or 1e-4, not '-0.1'.")]
    [DataRow("train DATA --out OUT --seed x", "--seed takes a whole number, not 'x'.")]
    [DataRow("learning-curve DATA --out OUT -e abc", "--max-epochs (-e) takes a whole number of at least 1, not 'abc'.")]
    [DataRow("recipe DATA --out OUT -e 0", "--max-epochs (-e) takes a whole number of at least 1, not '0'.")]
    [DataRow("recipe DATA --out OUT --dataset cifar", "Unknown data set 'cifar' for --dataset; use mnist or fashion-mnist.")]
    [DataRow("--bogus --out OUT", "Unknown option '--bogus'.")]
    [DataRow("train --typo --out OUT", "Unknown option '--typo'.")]
    [DataRow("train DATA --out OUT --impl tensorflow", "Unknown implementation 'tensorflow' for --impl (-i); use nn, autograd or backprop (or torch.nn, torch.autograd, my).")]
    [DataRow("train DATA --out OUT -c medium", "Unknown network 'medium' for --network (-c); use deep (1) or shallow (0).")]
    [DataRow("train DATA --out OUT --scale huge", "Unknown pixel scale 'huge' for --scale; use raw or unit.")]
    [DataRow("train DATA --out OUT --optimizer lbfgs", "Unknown optimizer 'lbfgs' for --optimizer; use gd, momentum, nesterov or adam.")]
    [DataRow("train DATA --out OUT --preset ancient", "Unknown preset 'ancient' for --preset; use homework or modern.")]
    [DataRow("report DATA --out OUT --dataset cifar", "Unknown data set 'cifar' for --dataset; use mnist or fashion-mnist.")]
    public void ABadCommandLineGetsOneLineAndCreatesNothing(string line, string message)
    {
        string[] args = [.. line.Split(' ').Select(a => a.Replace("DATA", Path.Combine(folder, "data"), StringComparison.Ordinal).Replace("OUT", Path.Combine(folder, "out"), StringComparison.Ordinal))];
        var error = new StringWriter();
        int code = RootCommandFactory.Run(args, error);
        Assert.AreEqual(2, code, error.ToString());
        Assert.AreEqual($"error: {message} (--help lists the commands and options){Environment.NewLine}", error.ToString());
        Assert.IsEmpty(Directory.GetFileSystemEntries(folder), "nothing is created");
    }

    /// <summary>An output folder that cannot be written is refused before the data is loaded or anything trains.</summary>
    [TestMethod]
    public void AnUnwritableOutputFolderIsRefusedBeforeTraining()
    {
        string notAFolder = Path.Combine(folder, "file");
        File.WriteAllText(notAFolder, "x");
        var error = new StringWriter();
        int code = RootCommandFactory.Run(["train", Path.Combine(folder, "no-data-here"), "--out", Path.Combine(notAFolder, "out"), "-e", "1"], error);
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error.ToString(), $"error: Cannot write to the output folder {Path.Combine(notAFolder, "out")}: ");
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "no-data-here")), "the data folder was not touched");
    }

    /// <summary>
    /// A run interrupted before its outputs are complete (here: cancelled before the first batch) writes none of them:
    /// the output folder keeps the previous run's files byte for byte, and no temporary file is left.
    /// </summary>
    [TestMethod]
    public void AnInterruptedRunKeepsThePreviousOutputs()
    {
        string data = Path.GetDirectoryName(TestData.MnistFolder())!;
        string output = Path.Combine(folder, "out");
        string[] line = ["train", data, "--out", output, "-n", "200", "--scale", "unit", "-l", "0.1"];
        Assert.AreEqual(0, RootCommandFactory.Run([.. line, "-e", "1"], new StringWriter()));
        Dictionary<string, byte[]> before = Directory.GetFiles(output).ToDictionary(f => f, File.ReadAllBytes);
        Assert.HasCount(3, before, "a CSV and two plots");

        using var interrupt = new CancellationTokenSource();
        interrupt.Cancel();
        var error = new StringWriter();
        int code = RootCommandFactory.Run([.. line, "-e", "2"], error, interrupt.Token);

        Assert.AreEqual(130, code);
        Assert.AreEqual($"interrupted: this run wrote no output; the output folder keeps the files of the last complete run.{Environment.NewLine}", error.ToString());
        CollectionAssert.AreEquivalent(before.Keys.ToArray(), Directory.GetFiles(output));
        foreach ((string file, byte[] bytes) in before)
        {
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(file), file);
        }
    }

    /// <summary>Cancelled in the middle of writing a set of outputs: what was written stays temporary and is removed; the old files stay.</summary>
    [TestMethod]
    public void AnOutputSetCancelledMidWriteLeavesTheFolderAsItWas()
    {
        File.WriteAllText(Path.Combine(folder, "a.csv"), "old a");
        File.WriteAllText(Path.Combine(folder, "b.png"), "old b");
        using var interrupt = new CancellationTokenSource();
        using (var outputs = new OutputSet(folder, interrupt.Token))
        {
            outputs.Write("a.csv", stream =>
            {
                stream.Write("new a"u8);
                interrupt.Cancel();
            });
            Assert.ThrowsExactly<OperationCanceledException>(() => outputs.WriteText("b.png", "new b"));
        }

        Assert.AreEqual("old a", File.ReadAllText(Path.Combine(folder, "a.csv")));
        Assert.AreEqual("old b", File.ReadAllText(Path.Combine(folder, "b.png")));
        Assert.HasCount(2, Directory.GetFiles(folder), "no temporary file is left");

        using (var outputs = new OutputSet(folder))
        {
            outputs.WriteText("a.csv", "new a");
            outputs.WriteText("b.png", "new b");
            Assert.AreEqual("old a", File.ReadAllText(Path.Combine(folder, "a.csv")), "nothing is visible before the commit");
            outputs.Commit();
        }

        Assert.AreEqual("new a", File.ReadAllText(Path.Combine(folder, "a.csv")));
        Assert.AreEqual("new b", File.ReadAllText(Path.Combine(folder, "b.png")));
        Assert.HasCount(2, Directory.GetFiles(folder));
    }
}
