using System.CommandLine;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Commands;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Terminal;

namespace Hw2.MLNet.Tests.Samples;

[TestClass]
public sealed class CommandLineTests
{
    private static (HomeworkArguments Args, ParseResult Result) Parse(string line)
    {
        var args = new HomeworkArguments();
        var command = new Command("train");
        args.AddTo(command);
        return (args, command.Parse(line));
    }

    [TestMethod]
    [DataRow("nn", GradientEngine.Modules)]
    [DataRow("torch.nn", GradientEngine.Modules)]
    [DataRow("autograd", GradientEngine.Autograd)]
    [DataRow("torch.autograd", GradientEngine.Autograd)]
    [DataRow("backprop", GradientEngine.Backprop)]
    [DataRow("my", GradientEngine.Backprop)]
    public void ImplementationAcceptsTheHomeworksNames(string value, GradientEngine expected)
    {
        (HomeworkArguments args, ParseResult result) = Parse($"data -i {value}");
        Assert.IsEmpty(result.Errors);
        Assert.AreEqual(expected, result.GetValue(args.Implementation));
        (HomeworkArguments longArgs, ParseResult longForm) = Parse($"--impl {value}");
        Assert.AreEqual(expected, longForm.GetValue(longArgs.Implementation));
    }

    [TestMethod]
    [DataRow("deep", true)]
    [DataRow("1", true)]
    [DataRow("shallow", false)]
    [DataRow("0", false)]
    public void NetworkAcceptsNamesAndDigits(string value, bool deep)
    {
        NetworkChoice expected = deep ? NetworkChoice.Deep : NetworkChoice.Shallow;
        (HomeworkArguments args, ParseResult result) = Parse($"-c {value} data");
        Assert.IsEmpty(result.Errors, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.AreEqual(expected, result.GetValue(args.Network));
        Assert.AreEqual("data", result.GetValue(args.DataFolder)!.Name, "the value after -c is not taken as the data folder");
    }

    [TestMethod]
    public void EveryFlagParsesAndDefaultsAreTheHomeworks()
    {
        (HomeworkArguments args, ParseResult defaults) = Parse(string.Empty);
        Assert.IsEmpty(defaults.Errors);
        Assert.AreEqual("data", defaults.GetValue(args.DataFolder)!.Name);
        Assert.AreEqual(GradientEngine.Backprop, defaults.GetValue(args.Implementation));
        Assert.AreEqual(100, defaults.GetValue(args.MaxEpochs));
        Assert.AreEqual(20000, defaults.GetValue(args.MaxExamples));
        Assert.AreEqual(1e-4f, defaults.GetValue(args.LearningRate));
        Assert.AreEqual(-1, defaults.GetValue(args.MinibatchSize));
        Assert.AreEqual(NetworkChoice.Deep, defaults.GetValue(args.Network));
        Assert.AreEqual(PixelScale.Raw, defaults.GetValue(args.Scale));
        Assert.AreEqual(OptimizerKind.GradientDescent, defaults.GetValue(args.Optimizer));

        (args, ParseResult all) = Parse("mydata -i autograd -e 7 -n 500 -l 0.1 -m 128 -c 0 -v -d --seed 3 --scale unit --optimizer adam --out o");
        Assert.IsEmpty(all.Errors, string.Join("; ", all.Errors.Select(e => e.Message)));
        Assert.AreEqual("mydata", all.GetValue(args.DataFolder)!.Name);
        Assert.AreEqual(7, all.GetValue(args.MaxEpochs));
        Assert.AreEqual(500, all.GetValue(args.MaxExamples));
        Assert.AreEqual(0.1f, all.GetValue(args.LearningRate));
        Assert.AreEqual(128, all.GetValue(args.MinibatchSize));
        Assert.AreEqual(NetworkChoice.Shallow, all.GetValue(args.Network));
        Assert.IsTrue(all.GetValue(args.Verbose));
        Assert.IsTrue(all.GetValue(args.Debug));
        Assert.AreEqual(3, all.GetValue(args.Seed));
        Assert.AreEqual(PixelScale.Unit, all.GetValue(args.Scale));
        Assert.AreEqual(OptimizerKind.Adam, all.GetValue(args.Optimizer));
        Assert.AreEqual("o", all.GetValue(args.Out)!.Name);
    }

    [TestMethod]
    public void PresetsGiveTheirSettingsAndExplicitFlagsWin()
    {
        (HomeworkArguments args, ParseResult homework) = Parse(string.Empty);
        Assert.AreEqual(TrainingSettings.Homework, args.GetSettings(homework));

        (args, ParseResult modern) = Parse("--preset modern");
        Assert.AreEqual(TrainingSettings.Modern, args.GetSettings(modern));

        (args, ParseResult mixed) = Parse("--preset modern -e 3 -c shallow -i autograd --seed 9");
        Assert.AreEqual(TrainingSettings.Modern with { MaxEpochs = 3, Deep = false, Engine = GradientEngine.Autograd, Seed = 9 }, args.GetSettings(mixed));

        (args, ParseResult homeworkOverridden) = Parse("--preset homework --optimizer adam -m 64 --scale unit -n 100 -l 0.01");
        Assert.AreEqual(
            TrainingSettings.Homework with { Optimizer = OptimizerKind.Adam, BatchSize = 64, Scale = PixelScale.Unit, MaxExamples = 100, LearningRate = 0.01f },
            args.GetSettings(homeworkOverridden));
    }

    [TestMethod]
    [DataRow("", "mnist")]
    [DataRow("--dataset mnist", "mnist")]
    [DataRow("--dataset fashion-mnist", "fashion-mnist")]
    [DataRow("--dataset Fashion", "fashion-mnist")]
    public void DatasetChoosesTheDataSet(string line, string name)
    {
        (HomeworkArguments args, ParseResult result) = Parse(line);
        Assert.IsEmpty(result.Errors);
        Assert.AreEqual(name, args.GetDataset(result).Name);
    }

    [TestMethod]
    public void VerbosityDebugWinsOverVerbose()
    {
        foreach ((string line, Verbosity expected) in new[] { ("", Verbosity.Normal), ("-v", Verbosity.Verbose), ("-d", Verbosity.Debug), ("-v -d", Verbosity.Debug) })
        {
            (HomeworkArguments args, ParseResult result) = Parse(line);
            Assert.AreEqual(expected, args.GetVerbosity(result), line);
        }
    }

    [TestMethod]
    public void LearningCurveFlags()
    {
        var args = new SweepArguments();
        var command = new Command("learning-curve");
        args.AddTo(command);
        ParseResult defaults = command.Parse(string.Empty);
        Assert.IsEmpty(defaults.Errors);
        Assert.AreEqual(500, defaults.GetValue(args.MaxEpochs));
        Assert.IsNull(defaults.GetValue(args.Network), "both networks by default");
        ParseResult given = command.Parse("d -c 0 -i torch.autograd -e 50 --dataset fashion-mnist");
        Assert.IsEmpty(given.Errors, string.Join("; ", given.Errors.Select(e => e.Message)));
        Assert.AreEqual(NetworkChoice.Shallow, given.GetValue(args.Network));
        Assert.AreEqual(GradientEngine.Autograd, given.GetValue(args.Implementation));
        Assert.AreEqual(50, given.GetValue(args.MaxEpochs));
        Assert.AreEqual("fashion-mnist", args.GetDataset(given).Name);
        Assert.IsTrue(command.Parse("-e 0").Errors.Any(e => e.Message.Contains("--max-epochs (-e) takes a whole number of at least 1, not '0'.", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void WithoutACommandTheReportRuns()
    {
        CollectionAssert.AreEqual(new[] { "report" }, RootCommandFactory.WithDefaultCommand([]));
        CollectionAssert.AreEqual(new[] { "report", "-v", "--seed", "2" }, RootCommandFactory.WithDefaultCommand(["-v", "--seed", "2"]));
        CollectionAssert.AreEqual(new[] { "train", "-i", "my" }, RootCommandFactory.WithDefaultCommand(["train", "-i", "my"]));
        CollectionAssert.AreEqual(new[] { "--help" }, RootCommandFactory.WithDefaultCommand(["--help"]));
    }

    [TestMethod]
    public void AnUnusableDataFolderGivesOneClearLine()
    {
        string file = Path.GetTempFileName();
        try
        {
            var error = new StringWriter();
            int code = RootCommandFactory.Run(["train", file, "-e", "1"], error);
            Assert.AreEqual(1, code);
            StringAssert.StartsWith(error.ToString(), "error: ");
            StringAssert.Contains(error.ToString(), file);
            Assert.AreEqual(1, error.ToString().Trim().Split('\n').Length, error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    [DataRow("--help")]
    [DataRow("report --help")]
    [DataRow("train --help")]
    [DataRow("learning-curve --help")]
    [DataRow("recipe --help")]
    [DataRow("download --help")]
    [DataRow("bench --help")]
    public void HelpIsAvailableForEveryCommand(string line)
    {
        var output = new StringWriter();
        Command root = RootCommandFactory.Create();
        int code = root.Parse(line).Invoke(new InvocationConfiguration { Output = output });
        Assert.AreEqual(0, code);
        StringAssert.Contains(output.ToString(), "Usage:");
    }
}
