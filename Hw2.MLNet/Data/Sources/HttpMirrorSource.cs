using System.IO.Compression;

namespace Hw2.MLNet.Data.Sources;

/// <summary>
/// Files served over HTTP(S) as <c>NAME.gz</c> (the layout of the original MNIST distribution and its public
/// mirrors), decompressed and verified against the raw file's checksum.
/// </summary>
/// <param name="baseAddress">The mirror's folder, ending in '/'.</param>
/// <param name="timeout">How long one file may take.</param>
public sealed class HttpMirrorSource(Uri baseAddress, TimeSpan timeout) : IDatasetSource
{
    /// <inheritdoc />
    public string Description => $"mirror {baseAddress}";

    /// <inheritdoc />
    public void Fetch(IReadOnlyList<DatasetFile> files, string folder, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var client = new HttpClient { Timeout = timeout };
        foreach (DatasetFile file in files)
        {
            var address = new Uri(baseAddress, file.Name + ".gz");
            log?.Invoke($"Downloading {address} ...");
            string gz = Path.Combine(folder, file.Name + ".gz.partial");
            try
            {
                Download(client, address, gz);
                using FileStream compressed = File.OpenRead(gz);
                using var content = new GZipStream(compressed, CompressionMode.Decompress);
                VerifiedFile.Install(content, file, folder, address.ToString());
            }
            finally
            {
                File.Delete(gz);
            }
        }
    }

    private static void Download(HttpClient client, Uri address, string path)
    {
        try
        {
            using HttpResponseMessage response = client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new DatasetSourceException($"{address} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            using Stream body = response.Content.ReadAsStream();
            using FileStream output = File.Create(path);
            body.CopyTo(output);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new DatasetSourceException($"{address} could not be downloaded: {e.Message}", e);
        }
    }
}
