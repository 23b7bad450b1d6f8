namespace Hw2.MLNet.Samples.Terminal;

/// <summary>How much the console prints besides progress.</summary>
internal enum Verbosity
{
    /// <summary>Progress and results.</summary>
    Normal,

    /// <summary>Also the trainer's log messages (one per epoch), and every epoch in plain output.</summary>
    Verbose,

    /// <summary>Also every ML.NET log message, including traces.</summary>
    Debug,
}
