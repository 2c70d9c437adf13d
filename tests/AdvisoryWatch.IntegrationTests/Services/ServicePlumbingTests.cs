using System.Diagnostics;
using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace AdvisoryWatch.IntegrationTests.Services;

/// <summary>One test per service that <c>./test.sh</c> starts: proof the plumbing works before features rely on it.</summary>
public class ServicePlumbingTests
{
    [Fact]
    public async Task Postgres_test_database_answers_a_query()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(TestServices.PostgresConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select 1, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);

        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal("advisorywatch_test", reader.GetString(1));
    }

    [Fact]
    public async Task RabbitMq_broker_round_trips_a_message_through_a_queue()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = new ConnectionFactory { Uri = TestServices.RabbitMqUri };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var queue = await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true, cancellationToken: ct);
        var body = Encoding.UTF8.GetBytes($"plumbing {Guid.NewGuid()}");

        await channel.BasicPublishAsync(exchange: "", routingKey: queue.QueueName, body: body, cancellationToken: ct);
        BasicGetResult? received = null;
        for (var attempt = 0; attempt < 50 && received is null; attempt++)
        {
            received = await channel.BasicGetAsync(queue.QueueName, autoAck: true, ct);
            if (received is null)
            {
                await Task.Delay(20, ct);
            }
        }

        Assert.NotNull(received);
        Assert.Equal(body, received.Body.ToArray());
    }

    [Fact]
    public async Task Smtp_server_stores_a_sent_mail_as_a_file_with_its_envelope()
    {
        var ct = TestContext.Current.CancellationToken;
        var subject = $"Plumbing {Guid.NewGuid():N}";
        using (var client = new MailKit.Net.Smtp.SmtpClient())
        using (var message = new MimeKit.MimeMessage())
        {
            message.From.Add(MimeKit.MailboxAddress.Parse("advisorywatch@example.invalid"));
            message.To.Add(MimeKit.MailboxAddress.Parse("coordinator@example.invalid"));
            message.Subject = subject;
            message.Body = new MimeKit.TextPart("plain") { Text = "Hei, dette er en test: æøå." };
            await client.ConnectAsync(TestServices.SmtpHost, TestServices.SmtpPort, MailKit.Security.SecureSocketOptions.None, ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
        }

        var file = await WaitForMailAsync(subject, ct);

        Assert.NotNull(file);
        var text = await File.ReadAllTextAsync(file, ct);
        Assert.Contains("X-Envelope-From: advisorywatch@example.invalid", text, StringComparison.Ordinal);
        Assert.Contains("X-Envelope-To: coordinator@example.invalid", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_renders_a_local_page_and_runs_its_script()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("advisorywatch-chromium-");
        try
        {
            var page = Path.Combine(folder.FullName, "page.html");
            await File.WriteAllTextAsync(
                page,
                "<!doctype html><html><body><p id=t>static</p><script>document.getElementById('t').textContent = 'rendered by ' + 'script';</script></body></html>",
                ct);
            var start = new ProcessStartInfo(TestServices.ChromiumPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", "--dump-dom", new Uri(page).AbsoluteUri })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var dom = await process.StandardOutput.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
            Assert.Contains("<p id=\"t\">rendered by script</p>", dom, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string?> WaitForMailAsync(string subject, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            foreach (var file in Directory.EnumerateFiles(TestServices.SmtpMailDirectory, "*.eml"))
            {
                if ((await File.ReadAllTextAsync(file, ct)).Contains($"Subject: {subject}", StringComparison.Ordinal))
                {
                    return file;
                }
            }

            await Task.Delay(50, ct);
        }

        return null;
    }
}
