namespace Hw2.MLNet.Samples.Terminal;

/// <summary>An <see cref="IProgress{T}"/> that calls back synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
internal sealed class CallbackProgress<T>(Action<T> callback) : IProgress<T>
{
    public void Report(T value) => callback(value);
}
