using System.CommandLine;
using Hw2.MLNet.Samples.Experiments;

namespace Hw2.MLNet.Samples.Cli;

/// <summary>The <c>recipe</c> command's flags: the common ones and the recipe's epoch count.</summary>
internal sealed class RecipeArguments : CommonArguments
{
    public Option<int> MaxEpochs { get; } = new("--max-epochs", "-e")
    {
        Description = $"Epochs of the accuracy recipe (its cosine decay spans them). Default {AccuracyRecipe.Epochs}.",
        DefaultValueFactory = _ => AccuracyRecipe.Epochs,
        CustomParser = r => WholeNumber(r, "--max-epochs (-e)"),
    };

    public void AddTo(Command command) => AddCommon(command, MaxEpochs);
}
