using System.Buffers.Binary;
using System.IO.Compression;

namespace Hw2.MLNet.Data;

/// <summary>
/// Reads the IDX format of the MNIST files (raw or gzip-compressed, detected from the first bytes): a big-endian
/// magic number <c>0x0000_08_0N</c> (unsigned bytes, N dimensions), N big-endian 32-bit sizes, then the data.
/// <see cref="IdxPair"/> reads a data set through it. Every check failure throws <see cref="InvalidDataException"/> naming the file and what was wrong.
/// </summary>
internal static class IdxReader
{
    internal const int ImagesMagic = 0x00000803;
    internal const int LabelsMagic = 0x00000801;

    /// <summary>Rows × columns of an image header, refused when empty or too large for one feature vector.</summary>
    internal static int PixelsPerImage(int[] imageDims, string path)
    {
        long pixels = (long)imageDims[1] * imageDims[2];
        if (pixels == 0)
        {
            throw new InvalidDataException($"{path}: images of {imageDims[1]}×{imageDims[2]} pixels are empty.");
        }

        if (pixels > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{path}: images of {imageDims[1]}×{imageDims[2]} pixels do not fit in one feature vector (at most {Array.MaxLength} values); the header is probably damaged.");
        }

        return (int)pixels;
    }

    /// <summary>
    /// For an uncompressed file, checks that it holds the <paramref name="payloadBytes"/> its header promises after the
    /// header's <paramref name="headerBytes"/>; a gzipped file's length is known only by reading it, so it is not checked.
    /// </summary>
    internal static void RequireRawLength(Stream stream, string path, long headerBytes, long payloadBytes, string what)
    {
        if (stream is FileStream file && file.Length < headerBytes + payloadBytes)
        {
            throw new InvalidDataException(
                $"{path}: truncated; the header promises {what} ({headerBytes + payloadBytes} bytes with the header) but the file has {file.Length}.");
        }
    }

    internal static Stream OpenDecompressed(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file not found: {path}", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        int b0 = file.ReadByte();
        int b1 = file.ReadByte();
        file.Position = 0;
        if (b0 == 0x1f && b1 == 0x8b)
        {
            return new BufferedStream(new NamedGzipStream(file, path), 1 << 16);
        }

        return file;
    }

    internal static int[] ReadHeader(Stream stream, string path, int expectedMagic, string kind, int expectedDims)
    {
        Span<byte> word = stackalloc byte[4];
        if (!TryFill(stream, word))
        {
            throw new InvalidDataException($"{path}: too short to be an IDX file (no 4-byte magic number).");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(word);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException(
                $"{path}: magic number 0x{magic:X8} is not that of an IDX {kind} file (expected 0x{expectedMagic:X8}).");
        }

        var dims = new int[expectedDims];
        for (int i = 0; i < expectedDims; i++)
        {
            if (!TryFill(stream, word))
            {
                throw new InvalidDataException($"{path}: header ends before dimension {i + 1} of {expectedDims}.");
            }

            dims[i] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dims[i] < 0)
            {
                throw new InvalidDataException($"{path}: dimension {i + 1} is negative ({dims[i]}).");
            }
        }

        return dims;
    }

    private static bool TryFill(Stream stream, Span<byte> buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer[read..]);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}

/// <summary>Decompresses a gzip file and names the file in the error when its bytes are not valid gzip.</summary>
internal sealed class NamedGzipStream(FileStream file, string path) : Stream
{
    private readonly GZipStream gzip = new(file, CompressionMode.Decompress);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a readable gzip file ({e.Message})", e);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gzip.Dispose();
        }

        base.Dispose(disposing);
    }
}
