using System.Globalization;
using System.Text;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Reporting;

/// <summary>The <c>recipe</c> command's Markdown summary: the runs side by side, the figure, and the recipe's per-epoch history.</summary>
internal static class RecipeReport
{
    /// <summary>The summary of <paramref name="runs"/> (the recipe last) on <paramref name="dataset"/>, with the figure <paramref name="figure"/>.</summary>
    public static string Markdown(IReadOnlyList<RecipeRun> runs, string dataset, string figure)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Accuracy recipe on {dataset}\n\n");
        md.Append("Each run's test accuracy is measured once, after training, with the weights it kept; the test error per ")
          .Append("epoch is logged through `MonitorData` and chose nothing. The recipe's choices were made on its validation split.\n\n");
        md.Append("| run | settings | training rows | epochs | weights of epoch | test accuracy | training time |\n|---|---|---|---|---|---|---|\n");
        foreach (RecipeRun run in runs)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {run.Name} | {run.Settings} | {run.TrainRows} | {run.History.Count} | {run.WeightsEpoch} | ")
              .Append(CultureInfo.InvariantCulture, $"**{run.TestAccuracy * 100:F2} %** | {Numbers.Seconds(run.Training)} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"\n![Test error against epochs]({figure})\n\n");
        RecipeRun recipe = runs[^1];
        md.Append(CultureInfo.InvariantCulture, $"## {recipe.Name}: per epoch\n\n");
        md.Append("Training loss and accuracy are measured on the shifted images with dropout on, in the same forward passes that train.\n\n");
        md.Append("| epoch | training loss | training accuracy | validation loss | validation accuracy | test accuracy (logged) | learning rate | seconds |\n|---|---|---|---|---|---|---|---|\n");
        foreach (EpochRecord r in recipe.History)
        {
            string mark = r.Epoch == recipe.WeightsEpoch ? " (kept)" : string.Empty;
            md.Append(CultureInfo.InvariantCulture, $"| {r.Epoch}{mark} | {r.Loss:F4} | {r.TrainAccuracy * 100:F2} % | {r.ValidationLoss:F4} | {r.ValidationAccuracy * 100:F2} % | ")
              .Append(CultureInfo.InvariantCulture, $"{r.MonitorAccuracy * 100:F2} % | {r.LearningRate:G3} | {r.Elapsed.TotalSeconds:F1} |\n");
        }

        return md.ToString();
    }
}
