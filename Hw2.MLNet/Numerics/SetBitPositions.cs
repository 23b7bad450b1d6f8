using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

/// <summary>
/// Lists the set lanes of an eight-lane comparison mask without a branch per lane: a table holds, for each 8-bit mask,
/// the positions of its set bits lowest first, so one table load, one add and one store list all eight lanes. Used by
/// the zero-depth lists (<see cref="DepthLists"/>) and the sparse rows' non-zeros (<c>GemmKernel.Sparse.cs</c>).
/// </summary>
internal static unsafe class SetBitPositions
{
    private static readonly int[] Table = Build();

    /// <summary>
    /// Stores <paramref name="first"/> plus the positions of <paramref name="mask"/>'s set bits (of eight) at
    /// <paramref name="destination"/> and returns how many there are. Eight ints are written whatever the count: the
    /// caller leaves room for them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Store(int* destination, uint mask, int first)
    {
        (Positions(mask) + Vector256.Create(first)).Store(destination);
        return BitOperations.PopCount(mask);
    }

    /// <summary>
    /// <see cref="Store(int*, uint, int)"/> for a mask of <paramref name="lanes"/>' non-zero lanes, with those lanes' values packed in
    /// the same order at <paramref name="values"/> (eight floats written too; AVX2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Store(int* destination, float* values, uint mask, Vector256<float> lanes, int first)
    {
        Vector256<int> positions = Positions(mask);
        Avx2.PermuteVar8x32(lanes, positions).Store(values);
        (positions + Vector256.Create(first)).Store(destination);
        return BitOperations.PopCount(mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Positions(uint mask) => Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(Table), mask * 8);

    private static int[] Build()
    {
        var table = new int[256 * 8];
        for (int mask = 0; mask < 256; mask++)
        {
            int count = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    table[(mask * 8) + count++] = bit;
                }
            }
        }

        return table;
    }
}
