using System.Reflection;
using System.Runtime.Loader;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// One build of the Hw2.MLNet library, reached by reflection so that two builds (this one and another, loaded into its
/// own <see cref="AssemblyLoadContext"/>) can run side by side in one process. It calls members by name (public members,
/// of types that may be internal: <c>Gemm.Multiply</c>, <c>Matrix</c>, <c>MlpShape</c>, <c>MlpNetwork.CreateRandom</c>,
/// <c>TrainingOptions</c>, <c>TrainingLoop.Train</c>, <c>TrainingResult.History</c>, <c>EpochRecord.Loss</c>), so any
/// build where those keep their names and parameters can be compared; the other build's dependencies resolve to this
/// process's copies.
/// </summary>
internal sealed class LibraryBuild
{
    private const string AssemblyFile = "Hw2.MLNet.dll";
    private readonly Assembly assembly;

    private LibraryBuild(Assembly assembly, string name)
    {
        this.assembly = assembly;
        Name = name;
    }

    /// <summary>The build this program was compiled against.</summary>
    public static LibraryBuild Current { get; } = new(typeof(Gemm).Assembly, "this build");

    /// <summary>What the tables call this build.</summary>
    public string Name { get; }

    /// <summary>The file the build's library was loaded from.</summary>
    public string Location => assembly.Location;

    /// <summary>The load context the build's library lives in.</summary>
    public AssemblyLoadContext? Context => AssemblyLoadContext.GetLoadContext(assembly);

    /// <summary>Loads the <c>Hw2.MLNet.dll</c> in <paramref name="folder"/> (the output folder of another build) into a context of its own.</summary>
    /// <exception cref="FileNotFoundException">The folder has no <c>Hw2.MLNet.dll</c>.</exception>
    public static LibraryBuild Load(DirectoryInfo folder)
    {
        string path = Path.Combine(folder.FullName, AssemblyFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"'{folder.FullName}' holds no {AssemblyFile}: pass the output folder of another build, e.g. 'dotnet build Hw2.MLNet -c Release -o {folder.FullName}' in a worktree of the commit to compare with.",
                path);
        }

        var context = new AssemblyLoadContext($"Hw2.MLNet from {folder.FullName}");
        return new LibraryBuild(context.LoadFromAssemblyPath(path), folder.FullName);
    }

    /// <summary>A call of <c>Gemm.Multiply(op(A), op(B), C)</c> on copies of <paramref name="a"/> and <paramref name="b"/>; the call returns C.</summary>
    public Func<float[]> Product(int m, int n, int k, bool transposeA, bool transposeB, float[] a, float[] b)
    {
        object ma = NewMatrix(transposeA ? k : m, transposeA ? m : k, (float[])a.Clone());
        object mb = NewMatrix(transposeB ? n : k, transposeB ? k : n, (float[])b.Clone());
        float[] c = new float[m * n];
        object mc = NewMatrix(m, n, c);
        MethodInfo multiply = Type("Numerics.Gemm").GetMethod("Multiply")!;
        object[] arguments = [ma, transposeA, mb, transposeB, mc, 0f];
        return () =>
        {
            multiply.Invoke(null, arguments);
            return c;
        };
    }

    /// <summary>
    /// A call that trains a fresh network of <paramref name="shape"/> (seed 1) for <paramref name="epochs"/> full-batch
    /// epochs of gradient descent (learning rate 1e-4, Backprop) and returns each epoch's loss.
    /// </summary>
    public Func<double[]> FullBatchTraining(string shape, float[] features, int rows, int[] labels, int epochs)
    {
        object network = Type("Network.MlpShape").GetProperty(shape)!.GetValue(null)!;
        object x = NewMatrix(rows, features.Length / rows, (float[])features.Clone());
        Type optionsType = Type("Training.TrainingOptions");
        object options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("MaxEpochs")!.SetValue(options, epochs);
        optionsType.GetProperty("LearningRate")!.SetValue(options, 1e-4f);
        optionsType.GetProperty("BatchSize")!.SetValue(options, -1);
        // CreateRandom(shape, seed, activation), in every build (newer ones add an overload with the initialisation).
        MethodInfo create = Type("Network.MlpNetwork").GetMethod("CreateRandom", [Type("Network.MlpShape"), typeof(int), Type("Activations.HiddenActivation")])!;
        object relu = Enum.Parse(Type("Activations.HiddenActivation"), "Relu");
        // The multiclass overload, Train(network, features, labels, options, progress, token), in every build.
        MethodInfo train = Type("Training.TrainingLoop").GetMethods().Single(m => m.Name == "Train" && !m.IsGenericMethodDefinition);
        PropertyInfo history = Type("Training.TrainingResult").GetProperty("History")!;
        PropertyInfo loss = Type("Training.EpochRecord").GetProperty("Loss")!;
        return () =>
        {
            object mlp = create.Invoke(null, [network, 1, relu])!;
            object result = train.Invoke(null, [mlp, x, labels, options, null, CancellationToken.None])!;
            var records = (System.Collections.IEnumerable)history.GetValue(result)!;
            var losses = new List<double>();
            foreach (object record in records)
            {
                losses.Add((double)loss.GetValue(record)!);
            }

            return [.. losses];
        };
    }

    private object NewMatrix(int rows, int cols, float[] data) =>
        Type("Numerics.Matrix").GetConstructor([typeof(int), typeof(int), typeof(float[])])!.Invoke([rows, cols, data]);

    private Type Type(string name) =>
        assembly.GetType("Hw2.MLNet." + name) ?? throw new InvalidOperationException($"{Name} has no type Hw2.MLNet.{name}.");
}
