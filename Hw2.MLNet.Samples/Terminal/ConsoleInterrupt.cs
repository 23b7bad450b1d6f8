namespace Hw2.MLNet.Samples.Terminal;

/// <summary>
/// Turns the first Ctrl-C into a cancellation request (training stops at its next batch, nothing is written) instead
/// of killing the process mid-write; a second Ctrl-C ends the process at once.
/// </summary>
internal sealed class ConsoleInterrupt : IDisposable
{
    private readonly CancellationTokenSource source = new();

    public ConsoleInterrupt() => Console.CancelKeyPress += OnCancelKeyPress;

    /// <summary>Cancelled by the first Ctrl-C.</summary>
    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested)
        {
            return;
        }

        e.Cancel = true;
        Console.Error.WriteLine("Interrupting: stopping at the next batch; nothing of this run will be written (Ctrl-C again to quit at once).");
        source.Cancel();
    }
}
