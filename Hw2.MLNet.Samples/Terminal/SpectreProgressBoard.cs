using Spectre.Console;

namespace Hw2.MLNet.Samples.Terminal;

/// <summary>Live Spectre.Console progress bars for an interactive terminal.</summary>
internal sealed class SpectreProgressBoard(ProgressContext context) : IProgressBoard
{
    public IProgressLine Start(string title, double total) => new Line(context.AddTask(Markup.Escape(title), maxValue: total), title);

    public void Log(string message) => AnsiConsole.WriteLine(message);

    private sealed class Line(ProgressTask task, string title) : IProgressLine
    {
        public void Update(double done, string status)
        {
            task.Value = done;
            task.Description = Markup.Escape($"{title}: {status}");
        }

        public void Finish(string summary)
        {
            task.Description = Markup.Escape($"{title}: {summary}");
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
