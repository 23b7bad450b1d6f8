using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Package;

/// <summary>
/// The NuGet package as a user gets it: <c>dotnet pack</c> makes one package and its symbols package with the
/// metadata a public feed wants and no build machine's path inside, and a project outside the repository that
/// restores it from a folder feed (into packages of its own, so no cached older copy stands in) builds and runs the
/// three trainers, <c>Evaluate</c>, the model file's round trip and the ONNX export; and a project without Hw2.MLNet
/// (ML.NET and ONNX Runtime only) scores with the exported model as Hw2.MLNet did.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void APackedLibraryRestoresBuildsAndRunsInAUsersProject()
    {
        string root = TestData.RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "hw2-package-" + Guid.NewGuid().ToString("N"));
        try
        {
            string feed = Path.Combine(work, "feed");
            Run(root, "pack", Path.Combine(root, "Hw2.MLNet", "Hw2.MLNet.csproj"), "-c", "Release", "-o", feed);
            string[] packages = Directory.GetFiles(feed);
            string package = packages.Single(f => f.EndsWith(".nupkg", StringComparison.Ordinal));
            Assert.HasCount(2, packages, "the package and its symbols package, nothing else");
            Assert.IsTrue(File.Exists(Path.ChangeExtension(package, ".snupkg")));
            string version = Path.GetFileNameWithoutExtension(package)["Hw2.MLNet.".Length..];
            AssertPackageContents(package, root);

            string consumer = CopyProject(root, "Consumer", work);

            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="hw2-mlnet-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            string deployed = Path.Combine(work, "deployed");
            string output = Run(consumer, "run", "--project", Path.Combine(consumer, "Consumer.csproj"), "-c", "Release", $"-p:Hw2MLNetVersion={version}", "--", deployed);
            Assert.IsTrue(Directory.Exists(Path.Combine(consumer, "packages", "hw2.mlnet", version)), "restored from the feed into the consumer's own packages");
            Assert.IsGreaterThan(0.9, Metric(output, "multiclass accuracy"), output);
            Assert.IsGreaterThan(0.9, Metric(output, "binary accuracy"), output);
            Assert.IsGreaterThan(0.9, Metric(output, "regression r2"), output);
            StringAssert.Contains(output, "scores equal after load True");
            StringAssert.Contains(output, "onnx model written 3 classes");

            string deployment = CopyProject(root, "Deployment", work);
            string scored = Run(deployment, "run", "--project", Path.Combine(deployment, "Deployment.csproj"), "-c", "Release", "--", deployed);
            StringAssert.Contains(scored, "loaded OnnxTransformer; rows ");
            Assert.IsLessThanOrEqualTo(1e-5, double.Parse(scored.Split("largest score difference ")[1].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture), scored);
            StringAssert.Contains(scored, "hw2.mlnet loaded False");
            Assert.IsEmpty(Directory.GetFiles(deployment, "Hw2.MLNet*.dll", SearchOption.AllDirectories), "the deployment has no Hw2.MLNet");
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>A copy of the user project <c>Package/<paramref name="name"/></c> in a folder of its own under <paramref name="work"/>.</summary>
    private static string CopyProject(string root, string name, string work)
    {
        string folder = Path.Combine(work, name.ToLowerInvariant());
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(Path.Combine(root, "Hw2.MLNet.Tests", "Package", name)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    /// <summary>The nuspec's licence, readme, tags and repository commit; the readme and licence files; XML docs; no absolute build path in the DLL.</summary>
    private static void AssertPackageContents(string package, string root)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        string nuspec = Read(zip.GetEntry("Hw2.MLNet.nuspec")!);
        StringAssert.Contains(nuspec, "<license type=\"expression\">MIT</license>");
        StringAssert.Contains(nuspec, "<readme>README.md</readme>");
        StringAssert.Contains(nuspec, "ML.NET");
        StringAssert.Contains(nuspec, "<repository type=\"git\"");
        Assert.IsNotNull(zip.GetEntry("README.md"));
        Assert.IsNotNull(zip.GetEntry("LICENSE"));
        Assert.IsNotNull(zip.GetEntry("lib/net10.0/Hw2.MLNet.xml"), "XML docs");
        using var dll = new MemoryStream();
        using (Stream s = zip.GetEntry("lib/net10.0/Hw2.MLNet.dll")!.Open())
        {
            s.CopyTo(dll);
        }

        string text = Encoding.UTF8.GetString(dll.ToArray());
        Assert.DoesNotContain(root.TrimEnd('/'), text, "the DLL names no folder of the machine that built it");
    }

    private static string Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static double Metric(string output, string name)
    {
        string line = output.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="folder"/>; returns its output, or fails with it.</summary>
    private string Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        // The test host's MSBuild settings are its own build's, not the child's.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k == "MSBuildSDKsPath" || k == "MSBuildExtensionsPath").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(5)), $"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes");
        TestContext.WriteLine($"dotnet {string.Join(' ', arguments)}:\n{output}{error.Result}");
        Assert.AreEqual(0, process.ExitCode, $"dotnet {string.Join(' ', arguments)} failed:\n{output}\n{error.Result}");
        return output;
    }
}
