namespace AdvisoryWatch.Changes;

/// <summary>A consumer that records each outbox message of <see cref="MessageType"/> it takes with an <see cref="OutboxReceipt"/>.</summary>
public sealed record OutboxConsumer(Type MessageType, string Name);

public static class OutboxConsumers
{
    /// <summary>
    /// Declares that a consumer of <typeparamref name="TMessage"/> writes a receipt named
    /// <paramref name="name"/> (through <see cref="OutboxReceipts"/>) in the transaction that does
    /// its work. On a transport that does not hold messages, an outbox row is done only when every
    /// consumer declared for its type has recorded it. Each feature declares its own consumers,
    /// where it registers them, and only on the nodes where they consume: a declared consumer that
    /// never runs would have its messages published again and again.
    /// </summary>
    public static IServiceCollection AddOutboxConsumer<TMessage>(this IServiceCollection services, string name)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return services.AddSingleton(new OutboxConsumer(typeof(TMessage), name));
    }
}
