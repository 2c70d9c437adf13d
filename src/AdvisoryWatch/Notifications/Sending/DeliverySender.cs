using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending.Channels.Teams;
using AdvisoryWatch.Notifications.Sending.Channels.Webhook;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending;

/// <summary>
/// Sends due immediate alerts, escalations and built digests. Rows are claimed with a lease (two
/// workers never send one row at once; a crashed worker's rows go again after the lease, with the
/// same Message-ID), sent several at a time, and their outcome is saved per small chunk, so a crash
/// between a server's 250 and the save repeats at most that chunk (C3). Every save is guarded by
/// the claim token: a worker whose lease ran out cannot overwrite the row's newer state.
/// </summary>
public sealed partial class DeliverySender(
    IServiceScopeFactory scopes,
    DeliverySignal signal,
    RelayHealth relay,
    IMailTransport mail,
    ITeamsNotifier teams,
    WebhookChannel webhooks,
    IOptions<NotificationsOptions> options,
    TimeProvider time,
    ILogger<DeliverySender> logger) : BackgroundService
{
    private NotificationsOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database outage must not end the loop: the rows are still there after it.
                LogLoopFailed(logger, e);
                sent = 0;
            }

            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(Options.SendInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claims and sends what is due now; returns how many rows were attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var allowance = relay.Allowance();
        if (allowance == 0)
        {
            return 0;
        }

        var limit = Math.Min(allowance ?? int.MaxValue, Options.BatchSize);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var composer = scope.ServiceProvider.GetRequiredService<MessageComposer>();
        var attempted = await SendDeliveriesAsync(db, gate, composer, limit, cancellationToken);
        if (allowance is null || attempted == 0)
        {
            attempted += await SendDigestsAsync(db, gate, composer, limit, cancellationToken);
        }

        return attempted;
    }

    private async Task<int> SendDeliveriesAsync(AdvisoryWatchDbContext db, WriteGate gate, MessageComposer composer, int limit, CancellationToken ct)
    {
        var rows = await ClaimAsync(db, gate, db.Set<Delivery>().Where(d => d.Mode != DeliveryMode.Digest), limit, ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        var facts = await composer.LoadChangesAsync(rows.Select(r => r.ChangeId), ct);
        var audiences = await composer.LoadAudiencesAsync(rows.Select(r => r.RecipientId), ct);
        await SendAllAsync(db, gate, rows, (row, t) => SendAsync(composer, row, facts, audiences, t), settled: null, ct);
        return rows.Count;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows with one token and returns them untracked. The
    /// UPDATE re-checks the lease, so two workers racing for a row cannot both win it.
    /// </summary>
    private async Task<List<T>> ClaimAsync<T>(AdvisoryWatchDbContext db, WriteGate gate, IQueryable<T> rows, int limit, CancellationToken ct)
        where T : Sendable
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid();
        var due = rows
            .Where(d => (d.State == DeliveryState.Pending || d.State == DeliveryState.RetryWaiting || d.State == DeliveryState.Ambiguous)
                && d.DueAtUtc != null && d.DueAtUtc <= now
                && (d.LockedUntilUtc == null || d.LockedUntilUtc < now))
            .OrderBy(d => d.DueAtUtc)
            .Take(limit)
            .Select(d => d.Id);
        using (await gate.EnterAsync(db, ct))
        {
            var claimed = await db.Set<T>()
                .Where(d => due.Contains(d.Id) && (d.LockedUntilUtc == null || d.LockedUntilUtc < now))
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.LockToken, token).SetProperty(d => d.LockedUntilUtc, now + Options.ClaimLease), ct);
            if (claimed == 0)
            {
                return [];
            }
        }

        return await db.Set<T>().AsNoTracking().Where(d => d.LockToken == token).OrderBy(d => d.DueAtUtc).ToListAsync(ct);
    }

    private async Task<SendResult?> SendAsync(MessageComposer composer, Delivery row, Dictionary<Guid, ChangeFacts> facts, Dictionary<Guid, Audience> audiences, CancellationToken ct)
    {
        if (!audiences.TryGetValue(row.RecipientId, out var audience) || !facts.TryGetValue(row.ChangeId, out var change))
        {
            return new SendResult.Rejected("The recipient or the change no longer exists.");
        }

        if (audience.Recipient.UnsubscribedAtUtc is not null)
        {
            return null;
        }

        var model = composer.Alert(row, change, audience);
        if (row.Channel == RecipientChannel.Teams)
        {
            return Uri.TryCreate(audience.Recipient.Address, UriKind.Absolute, out var webhook)
                ? await teams.PostAsync(webhook, composer.RenderTeams(model), ct)
                : new SendResult.Rejected("The Teams webhook URL is not valid.");
        }

        if (row.Channel == RecipientChannel.Webhook)
        {
            return await webhooks.SendAlertAsync(row, change, audience, model.Item.AcknowledgeUrl, ct);
        }

        return await SendMailAsync(composer.Mail(row.Id, audience, composer.Render(model), model.UnsubscribeUrl), ct);
    }

    private async Task<int> SendDigestsAsync(AdvisoryWatchDbContext db, WriteGate gate, MessageComposer composer, int limit, CancellationToken ct)
    {
        var digests = await ClaimAsync(db, gate, db.Set<Digest>(), limit, ct);
        if (digests.Count == 0)
        {
            return 0;
        }

        var digestIds = digests.Select(d => d.Id).ToList();
        var items = await db.Set<Delivery>().Where(d => d.DigestId != null && digestIds.Contains(d.DigestId.Value)).ToListAsync(ct);
        var facts = await composer.LoadChangesAsync(items.Select(i => i.ChangeId), ct);
        var audiences = await composer.LoadAudiencesAsync(digests.Select(d => d.RecipientId), ct);
        var followUps = await composer.LoadFollowUpsAsync(digests.Select(d => d.DepartmentId), ct);
        var byDigest = items.ToLookup(i => i.DigestId!.Value);
        await SendAllAsync(
            db,
            gate,
            digests,
            async (digest, t) =>
            {
                if (!audiences.TryGetValue(digest.RecipientId, out var audience))
                {
                    return new SendResult.Rejected("The recipient no longer exists.");
                }

                if (audience.Recipient.UnsubscribedAtUtc is not null)
                {
                    return null;
                }

                var entries = byDigest[digest.Id].Where(d => facts.ContainsKey(d.ChangeId)).Select(d => (d, facts[d.ChangeId]));
                if (audience.Recipient.Channel == RecipientChannel.Webhook)
                {
                    return await webhooks.SendDigestAsync(digest, entries, audience, followUps.GetValueOrDefault(digest.DepartmentId) ?? [], t);
                }

                var model = composer.DigestOf(digest, entries, audience, followUps.GetValueOrDefault(digest.DepartmentId));
                return await SendMailAsync(composer.Mail(digest.Id, audience, composer.Render(model), model.UnsubscribeUrl), t);
            },
            settled: digest =>
            {
                // Each delivery a digest carried shares its fate, so the audit trail reads the same either way.
                var carried = byDigest[digest.Id];
                foreach (var item in carried)
                {
                    item.State = digest.State;
                    item.Attempts = digest.Attempts;
                    item.LastAttemptAtUtc = digest.LastAttemptAtUtc;
                    item.SentAtUtc = digest.SentAtUtc;
                    item.LastReply = digest.LastReply;
                }

                return carried;
            },
            ct);
        return digests.Count;
    }

    /// <summary>
    /// Sends rows several at a time and saves outcomes as they come, by group commit: a slot whose
    /// send finished saves every outcome waiting unless a save is running, and that save takes
    /// what finished meanwhile on its next round. No slot waits for another's save, and a crash
    /// repeats only the mails whose replies were not saved yet: those in flight and those waiting
    /// for the running save, at most twice <see cref="NotificationsOptions.SendConcurrency"/>.
    /// The rows are untracked and saved by <see cref="OutcomeStatements"/>; what
    /// <paramref name="settled"/> changed with a row is tracked, and each save compares only those
    /// entities with their snapshots (EF's automatic detection would scan everything tracked at
    /// every save).
    /// </summary>
    private async Task SendAllAsync<T>(
        AdvisoryWatchDbContext db,
        WriteGate gate,
        IReadOnlyList<T> rows,
        Func<T, CancellationToken, Task<SendResult?>> send,
        Func<T, IEnumerable<object>>? settled,
        CancellationToken ct)
        where T : Sendable
    {
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var done = new System.Collections.Concurrent.ConcurrentQueue<(T Row, SendResult? Result)>();
        var statements = OutcomeStatements.For<T>(db);
        using var saving = new SemaphoreSlim(1, 1);

        // wait: false from a slot (leave it to the running save); true at the end (save the rest).
        async Task FlushAsync(bool wait)
        {
            do
            {
                if (wait)
                {
                    await saving.WaitAsync(CancellationToken.None);
                }
                else if (!saving.Wait(0, CancellationToken.None))
                {
                    return;
                }

                try
                {
                    if (done.IsEmpty)
                    {
                        return;
                    }

                    var now = time.GetUtcNow();
                    var outcomes = new List<(Sendable Row, Guid? Token)>();
                    var carried = new List<IReadOnlyCollection<object>>();
                    while (done.TryDequeue(out var item))
                    {
                        var token = item.Row.LockToken;
                        Settle(item.Row, item.Result, now);
                        outcomes.Add((item.Row, token));
                        var others = settled?.Invoke(item.Row).ToList() ?? [];
                        foreach (var other in others)
                        {
                            db.Entry(other).DetectChanges();
                        }

                        carried.Add(others);
                    }

                    await SaveSettledAsync(db, gate, statements, outcomes, carried);
                }
                finally
                {
                    saving.Release();
                }
            }
            while (!done.IsEmpty); // An outcome queued while this save ran, whose slot found it running.
        }

        try
        {
            await Parallel.ForEachAsync(
                rows,
                new ParallelOptions { MaxDegreeOfParallelism = Options.SendConcurrency, CancellationToken = ct },
                async (row, t) =>
                {
                    SendResult? result;
                    try
                    {
                        result = await send(row, t);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A defect (say, in rendering) must not lose the outcomes of the other rows
                        // or retry in a hot loop: this row backs off like any temporary failure.
                        LogSendFailed(logger, e, row.Id);
                        result = new SendResult.RetryLater($"internal error: {e.GetType().Name}");
                    }

                    done.Enqueue((row, result));
                    await FlushAsync(wait: false);
                });
        }
        finally
        {
            // Also on shutdown: what was sent is recorded, so it is not sent again.
            try
            {
                await FlushAsync(wait: true);
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = detecting;
            }
        }
    }

    private async Task<SendResult> SendMailAsync(OutgoingMail message, CancellationToken ct)
    {
        var result = await mail.SendAsync(message, ct);
        if (relay.Record(result))
        {
            await MakeWaitingMailDueAsync(ct);
        }

        return result;
    }

    private void Settle(Sendable row, SendResult? result, DateTimeOffset now)
    {
        if (result is null)
        {
            row.State = DeliveryState.Skipped;
            row.DueAtUtc = null;
            row.LastReply = "The recipient unsubscribed before it was sent.";
            return;
        }

        SendPolicy.Apply(row, result, now, Options);
        row.LockToken = null;
        row.LockedUntilUtc = null;

        if (result is SendResult.Ambiguous ambiguous)
        {
            LogAmbiguous(logger, row.Id, ambiguous.Reason, row.AmbiguousAttempts < 2);
        }
    }

    /// <summary>
    /// Saves the outcomes, each guarded by the claim token its row was taken with, and what was
    /// carried with them, in one transaction. Not cancelled by shutdown: what was sent must be
    /// recorded, or it is sent again.
    /// </summary>
    private async Task SaveSettledAsync(
        AdvisoryWatchDbContext db,
        WriteGate gate,
        OutcomeStatements statements,
        List<(Sendable Row, Guid? Token)> outcomes,
        List<IReadOnlyCollection<object>> carried)
    {
        using var write = await gate.EnterAsync(db, CancellationToken.None);
        var lost = 0;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var written = await statements.ExecuteAsync(db, outcomes, CancellationToken.None);
            lost = 0;
            for (var i = 0; i < written.Length; i++)
            {
                if (written[i])
                {
                    continue;
                }

                // Our lease ran out and another worker took this row: its record wins, also for what it carries.
                lost++;
                foreach (var item in carried[i])
                {
                    db.Entry(item).State = EntityState.Detached;
                }
            }

            try
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException e)
            {
                // A carried row changed under us: the other writer's record wins.
                lost += e.Entries.Count;
                foreach (var entry in e.Entries)
                {
                    entry.State = EntityState.Detached;
                }

                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
        });
        db.ChangeTracker.AcceptAllChanges();
        if (lost > 0)
        {
            LogLeaseLost(logger, lost);
        }
    }

    private async Task MakeWaitingMailDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var now = time.GetUtcNow();
        using var write = await gate.EnterAsync(db, ct);
        await db.Set<Delivery>()
            .Where(d => d.State == DeliveryState.RetryWaiting && d.Channel == RecipientChannel.Email && d.DueAtUtc > now)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.DueAtUtc, now), ct);
        await db.Set<Digest>()
            .Where(d => d.State == DeliveryState.RetryWaiting && d.DueAtUtc > now)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.DueAtUtc, now), ct);
        signal.Pulse();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The delivery loop failed; it continues at the next interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending {RowId} failed unexpectedly; it is retried with back-off")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid rowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Send of {RowId} is ambiguous ({Reason}): it may have arrived; retried with the same Message-ID: {WillRetry}")]
    private static partial void LogAmbiguous(ILogger logger, Guid rowId, string reason, bool willRetry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Rows} rows were taken over by another worker after their lease ran out; their outcome here is discarded")]
    private static partial void LogLeaseLost(ILogger logger, int rows);
}
