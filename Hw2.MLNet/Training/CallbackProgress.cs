namespace Hw2.MLNet.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls back synchronously on the reporting thread, in order (unlike
/// <see cref="Progress{T}"/>, which posts each report to the thread pool or the captured context). The one adapter the
/// trainer, the console and the tests use to turn a callback into a progress sink.
/// </summary>
internal sealed class CallbackProgress<T>(Action<T> callback) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => callback(value);
}
