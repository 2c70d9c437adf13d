using AdvisoryWatch.Departments;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// A person who signs in: with a password (a local account) or through an OpenID Connect provider
/// (an external account, found by its login). The user name is the email address.
/// </summary>
public sealed class Account : IdentityUser
{
    /// <summary>What the account may do; null: nothing (an external account whose groups map to no role).</summary>
    public AccessRole? Role { get; set; }

    /// <summary>A disabled account cannot sign in, and its sessions end (its security stamp changed).</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    /// <summary>The last successful sign-in (password and second factor, or OpenID Connect); null: never.</summary>
    public DateTimeOffset? LastSignInAtUtc { get; set; }

    /// <summary>The departments a Reader or Coordinator acts for (an Admin needs none).</summary>
    public List<AccountDepartment> Departments { get; set; } = [];
}

/// <summary>One department an account belongs to.</summary>
public sealed class AccountDepartment
{
    public required string AccountId { get; set; }

    public required string DepartmentId { get; set; }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(a => a.Departments).WithOne().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccountDepartmentConfiguration : IEntityTypeConfiguration<AccountDepartment>
{
    public void Configure(EntityTypeBuilder<AccountDepartment> builder)
    {
        builder.ToTable("account_departments");
        builder.HasKey(d => new { d.AccountId, d.DepartmentId });
        builder.Property(d => d.DepartmentId).HasMaxLength(100);

        // A department that is deleted leaves no membership behind.
        builder.HasOne<Department>().WithMany().HasForeignKey(d => d.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Identity's own tables, named like the rest of the schema.</summary>
internal sealed class AccountClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<string>> builder) => builder.ToTable("account_claims");
}

internal sealed class AccountLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<string>> builder) => builder.ToTable("account_logins");
}

internal sealed class AccountTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<string>> builder) => builder.ToTable("account_tokens");
}
