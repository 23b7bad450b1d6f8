namespace Hw2.MLNet.Samples.Terminal;

/// <summary>Where long runs show their progress: one line per task, plus free log lines.</summary>
internal interface IProgressBoard
{
    /// <summary>Starts a task with <paramref name="total"/> steps (epochs, sweep points).</summary>
    IProgressLine Start(string title, double total);

    /// <summary>Prints a message above the progress display.</summary>
    void Log(string message);
}

/// <summary>One task on an <see cref="IProgressBoard"/>.</summary>
internal interface IProgressLine
{
    /// <summary>Sets the number of finished steps and a short status (current loss and accuracy).</summary>
    void Update(double done, string status);

    /// <summary>Marks the task finished with its final summary.</summary>
    void Finish(string summary);
}
