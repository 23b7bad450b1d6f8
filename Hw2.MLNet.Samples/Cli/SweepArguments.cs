using System.CommandLine;
using Hw2.MLNet.Gradients;

namespace Hw2.MLNet.Samples.Cli;

/// <summary><c>learning-curve</c>'s flags (hw2_learning_curves.py): implementation, epoch cap, and optionally one network.</summary>
internal sealed class SweepArguments : CommonArguments
{
    public Option<GradientEngine> Implementation { get; } = new("--impl", "-i")
    {
        Description = "Gradient implementation: nn (modules; also torch.nn), autograd (also torch.autograd), backprop (also my).",
        DefaultValueFactory = _ => GradientEngine.Backprop,
        CustomParser = ParseImplementation,
    };

    public Option<int> MaxEpochs { get; } = new("--max-epochs", "-e")
    {
        Description = "Epoch cap per training-set size.",
        DefaultValueFactory = _ => 500,
        CustomParser = r => WholeNumber(r, "--max-epochs (-e)"),
    };

    public Option<NetworkChoice?> Network { get; } = new("--network", "-c")
    {
        Description = "Only this network: deep (also 1) or shallow (also 0). Default: both, and the overlay.",
        CustomParser = r => ParseChoice<NetworkChoice?>(r, "network", "--network (-c)", "deep (1) or shallow (0)", (["deep", "1"], NetworkChoice.Deep), (["shallow", "0"], NetworkChoice.Shallow)),
    };

    public void AddTo(Command command)
    {
        AddCommon(command, Implementation, MaxEpochs, Network);
    }
}
