using Spectre.Console;

namespace Hw2.MLNet.Samples.Terminal;

/// <summary>
/// Live Spectre.Console progress bars for an interactive terminal. A task's text is cut to what leaves room for the
/// bar and the time columns on the terminal's width; when a task ends its full summary is printed above the bars.
/// </summary>
internal sealed class SpectreProgressBoard(ProgressContext context) : IProgressBoard
{
    /// <summary>Columns taken by the bar, percentage, elapsed and remaining time.</summary>
    private const int OtherColumns = 50;

    public IProgressLine Start(string title, double total) => new Line(this, context.AddTask(Markup.Escape(Fit(title)), maxValue: total), title);

    public void Log(string message) => AnsiConsole.WriteLine(message);

    private static string Fit(string text)
    {
        int room = Math.Max(20, AnsiConsole.Profile.Width - OtherColumns);
        return text.Length <= room ? text : string.Concat(text.AsSpan(0, room - 1), "…");
    }

    private sealed class Line(SpectreProgressBoard board, ProgressTask task, string title) : IProgressLine
    {
        public void Update(double done, string status)
        {
            task.Value = done;
            task.Description = Markup.Escape(Fit($"{title}: {status}"));
        }

        public void Finish(string summary)
        {
            task.Description = Markup.Escape(Fit($"{title}: done"));
            task.Value = task.MaxValue;
            task.StopTask();
            board.Log($"{title}: {summary}");
        }
    }
}
