namespace Hw2.MLNet.Samples.Terminal;

/// <summary>
/// Progress as plain lines for logs and pipes: a line when a task starts and ends, and one per tenth of the task
/// (every step when <paramref name="everyStep"/>).
/// </summary>
internal sealed class PlainProgressBoard(TextWriter output, bool everyStep) : IProgressBoard
{
    private readonly Lock gate = new();

    public IProgressLine Start(string title, double total)
    {
        Log($"{title}: started");
        return new Line(this, title, total, everyStep);
    }

    public void Log(string message)
    {
        lock (gate)
        {
            output.WriteLine(message);
        }
    }

    private sealed class Line(PlainProgressBoard board, string title, double total, bool everyStep) : IProgressLine
    {
        private double nextReport = total / 10;

        public void Update(double done, string status)
        {
            if (everyStep || done >= nextReport)
            {
                board.Log($"{title}: {done:0}/{total:0} {status}");
                while (nextReport <= done)
                {
                    nextReport += total / 10;
                }
            }
        }

        public void Finish(string summary) => board.Log($"{title}: {summary}");
    }
}
