using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Tests.Optimizers;

/// <summary>How <see cref="ParameterSweep"/> cuts the values of a parameter list into ranges.</summary>
[TestClass]
public sealed class ParameterSweepTests
{
    /// <summary>
    /// Parameter lengths around the split points (a parameter shorter than the alignment, one that a share boundary
    /// falls in, odd lengths) and worker counts from 1 to 7: every value is visited exactly once, and every range but a
    /// parameter's last starts and ends at a multiple of 16 of it.
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(7)]
    public void EveryValueIsUpdatedOnce(int workers)
    {
        Parameter[] parameters = [new("W1", new Matrix(301, 223)), new("b1", new Matrix(1, 5)), new("W2", new Matrix(97, 101)), new("b2", new Matrix(1, 1))];
        int[][] visits = [.. parameters.Select(p => new int[p.Value.Length])];
        int ranges = 0;
        ParameterSweep.Run(
            parameters,
            (index, start, length) =>
            {
                Interlocked.Increment(ref ranges);
                Assert.IsTrue(length > 0, $"an empty range of {parameters[index].Name}");
                Assert.AreEqual(0, start % 16, $"{parameters[index].Name} from {start}");
                Assert.IsTrue(start + length == visits[index].Length || length % 16 == 0, $"{parameters[index].Name} [{start}, {start + length})");
                for (int i = start; i < start + length; i++)
                {
                    Interlocked.Increment(ref visits[index][i]);
                }
            },
            workers);

        for (int k = 0; k < parameters.Length; k++)
        {
            int[] counts = visits[k];
            int wrong = Array.FindIndex(counts, c => c != 1);
            Assert.AreEqual(-1, wrong, $"{parameters[k].Name}[{wrong}] visited {(wrong < 0 ? 1 : counts[wrong])} times with {workers} workers");
        }

        Assert.IsTrue(ranges >= parameters.Length, $"{ranges} ranges");
    }

    /// <summary>Under <see cref="ParameterSweep.ParallelMinValues"/> values each parameter is one range, on the calling thread, in list order.</summary>
    [TestMethod]
    public void FewValuesRunWholeParametersOnTheCallingThread()
    {
        Parameter[] parameters = [new("W", new Matrix(100, 100)), new("b", new Matrix(1, 100))];
        int thread = Environment.CurrentManagedThreadId;
        var calls = new List<(int Index, int Start, int Length, int Thread)>();
        ParameterSweep.Run(parameters, (index, start, length) => calls.Add((index, start, length, Environment.CurrentManagedThreadId)), workers: 4);
        CollectionAssert.AreEqual(new[] { (0, 0, 10000, thread), (1, 0, 100, thread) }, calls);
    }
}
