using AdvisoryWatch.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// The Data Protection key ring (it encrypts session cookies, antiforgery tokens and one-time
/// links) lives in the product's database under one application name, so every node reads and
/// writes the same keys and a restart keeps them. Kept on a node's disk instead, a cookie from
/// one node would not decrypt on another, nor on the same node after its disk was replaced.
/// </summary>
public static class KeyRing
{
    /// <summary>Shared by every node; changing it makes every issued cookie and link unreadable.</summary>
    public const string ApplicationName = "AdvisoryWatch";

    public static IServiceCollection AddKeyRing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AdvisoryWatchDbContext>();
        return services;
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.ToTable("data_protection_keys");
}
