using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace CredbuzzPay.Api.Platform.Logging;

/// <summary>
/// A log file that keeps its name (<c>auth.log</c>) while it is current, so operators can tail it, and
/// rolls at midnight UTC or at a size limit into <c>auth.2026-11-22.log</c>, <c>auth.2026-11-22.1.log</c>...
/// Rolled files older than the retention are deleted. One process writes a folder.
/// </summary>
internal sealed class RollingLogFile : ILogEventSink, IDisposable
{
    private readonly object _gate = new();
    private readonly string _directory;
    private readonly string _name;
    private readonly string _path;
    private readonly ITextFormatter _formatter;
    private readonly long _sizeLimit;
    private readonly int _retainedDays;
    private StreamWriter? _writer;
    private DateOnly _day;
    private long _size;
    private bool _disposed;

    public RollingLogFile(string directory, string name, ITextFormatter formatter, long sizeLimit, int retainedDays)
    {
        _directory = directory;
        _name = name;
        _path = Path.Combine(directory, name + ".log");
        _formatter = formatter;
        _sizeLimit = sizeLimit;
        _retainedDays = retainedDays;
    }

    public void Emit(LogEvent logEvent)
    {
        var day = DateOnly.FromDateTime(logEvent.Timestamp.UtcDateTime);
        lock (_gate)
        {
            if (_disposed)
            {
                // An event from a thread still finishing after the service stopped: a closed log is never reopened
                // (it would bring back a folder the operator or a test has just removed).
                return;
            }
            if (_writer is null)
            {
                Open(day);
            }
            else if (day > _day || _size >= _sizeLimit)
            {
                Roll(_day);
                Open(day);
            }
            var buffer = new StringWriter(CultureInfo.InvariantCulture);
            _formatter.Format(logEvent, buffer);
            var text = buffer.ToString();
            _writer!.Write(text);
            _writer.Flush();
            _size += Encoding.UTF8.GetByteCount(text);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _writer?.Dispose();
            _writer = null;
        }
    }

    private void Open(DateOnly day)
    {
        Storage.PrivateFiles.CreateDirectory(_directory);
        // Log lines carry addresses and masked contacts: personal data, so the files are the service user's alone.
        Storage.PrivateFiles.Restrict(_path);
        var existing = new FileInfo(_path);
        if (existing.Exists && existing.Length > 0)
        {
            var existingDay = DateOnly.FromDateTime(existing.LastWriteTimeUtc);
            if (existingDay < day || existing.Length >= _sizeLimit)
            {
                Roll(existingDay);
            }
        }
        var stream = new FileStream(_path, Storage.PrivateFiles.Options(FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
        _writer = new StreamWriter(stream, new UTF8Encoding(false));
        _size = stream.Length;
        _day = day;
    }

    private void Roll(DateOnly day)
    {
        _writer?.Dispose();
        _writer = null;
        if (File.Exists(_path))
        {
            var stamp = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var target = Path.Combine(_directory, $"{_name}.{stamp}.log");
            for (var n = 1; File.Exists(target); n++)
            {
                target = Path.Combine(_directory, $"{_name}.{stamp}.{n}.log");
            }
            File.Move(_path, target);
        }
        DeleteExpired(day);
    }

    private void DeleteExpired(DateOnly today)
    {
        var oldestKept = today.AddDays(-_retainedDays);
        foreach (var file in Directory.EnumerateFiles(_directory, _name + ".*.log"))
        {
            var stamp = Path.GetFileName(file).AsSpan(_name.Length + 1);
            if (stamp.Length >= 10
                && DateOnly.TryParseExact(stamp[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fileDay)
                && fileDay < oldestKept)
            {
                File.Delete(file);
            }
        }
    }
}
