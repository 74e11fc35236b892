using System.Data;
using CredbuzzPay.Api.Platform.Database;
using FluentMigrator;
using FluentMigrator.Builders.Create.Table;

namespace CredbuzzPay.Api.Migrations.Jobs;

/// <summary>
/// The tables Quartz.NET's clustered ADO job store works on (PostgreSQL and MySQL). SQLite runs a
/// single node with the in-memory store, so it gets none.
/// </summary>
[Migration(202611230003, "Quartz.NET job store (PostgreSQL, MySQL)")]
public sealed class M202611230003_CreateQuartzJobStore : SchemaMigration
{
    public M202611230003_CreateQuartzJobStore(MigrationTarget target) : base(target)
    {
    }

    public override void Up()
    {
        if (Engine == DatabaseProvider.Sqlite || Schema.Table(T("qrtz_job_details")).Exists())
        {
            return;
        }

        var jobDetails = Keyed(T("qrtz_job_details"), "job_name", "job_group");
        jobDetails
            .WithColumn("description").AsString(250).Nullable()
            .WithColumn("job_class_name").AsString(250).NotNullable()
            .WithColumn("is_durable").AsBoolean().NotNullable()
            .WithColumn("is_nonconcurrent").AsBoolean().NotNullable()
            .WithColumn("is_update_data").AsBoolean().NotNullable()
            .WithColumn("requests_recovery").AsBoolean().NotNullable()
            .WithColumn("job_data").AsBinary(int.MaxValue).Nullable();

        Keyed(T("qrtz_triggers"), "trigger_name", "trigger_group")
            .WithColumn("job_name").AsString(200).NotNullable()
            .WithColumn("job_group").AsString(200).NotNullable()
            .WithColumn("description").AsString(250).Nullable()
            .WithColumn("next_fire_time").AsInt64().Nullable()
            .WithColumn("prev_fire_time").AsInt64().Nullable()
            .WithColumn("priority").AsInt32().Nullable()
            .WithColumn("trigger_state").AsString(16).NotNullable()
            .WithColumn("trigger_type").AsString(8).NotNullable()
            .WithColumn("start_time").AsInt64().NotNullable()
            .WithColumn("end_time").AsInt64().Nullable()
            .WithColumn("calendar_name").AsString(200).Nullable()
            .WithColumn("misfire_instr").AsInt16().Nullable()
            .WithColumn("misfire_orig_fire_time").AsInt64().Nullable()
            .WithColumn("execution_group").AsString(200).Nullable()
            .WithColumn("preferred_node").AsString(200).Nullable()
            .WithColumn("preferred_node_auto").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("job_data").AsBinary(int.MaxValue).Nullable();
        Create.ForeignKey("fk_qrtz_triggers_job").FromTable(T("qrtz_triggers")).ForeignColumns("sched_name", "job_name", "job_group")
            .ToTable(T("qrtz_job_details")).PrimaryColumns("sched_name", "job_name", "job_group");

        Keyed(T("qrtz_simple_triggers"), "trigger_name", "trigger_group")
            .WithColumn("repeat_count").AsInt64().NotNullable()
            .WithColumn("repeat_interval").AsInt64().NotNullable()
            .WithColumn("times_triggered").AsInt64().NotNullable();
        TriggerChild(T("qrtz_simple_triggers"));

        Keyed(T("qrtz_simprop_triggers"), "trigger_name", "trigger_group")
            .WithColumn("str_prop_1").AsString(512).Nullable()
            .WithColumn("str_prop_2").AsString(512).Nullable()
            .WithColumn("str_prop_3").AsString(512).Nullable()
            .WithColumn("int_prop_1").AsInt32().Nullable()
            .WithColumn("int_prop_2").AsInt32().Nullable()
            .WithColumn("long_prop_1").AsInt64().Nullable()
            .WithColumn("long_prop_2").AsInt64().Nullable()
            .WithColumn("dec_prop_1").AsDecimal(13, 4).Nullable()
            .WithColumn("dec_prop_2").AsDecimal(13, 4).Nullable()
            .WithColumn("bool_prop_1").AsBoolean().Nullable()
            .WithColumn("bool_prop_2").AsBoolean().Nullable()
            .WithColumn("time_zone_id").AsString(80).Nullable();
        TriggerChild(T("qrtz_simprop_triggers"));

        Keyed(T("qrtz_cron_triggers"), "trigger_name", "trigger_group")
            .WithColumn("cron_expression").AsString(120).NotNullable()
            .WithColumn("time_zone_id").AsString(80).Nullable();
        TriggerChild(T("qrtz_cron_triggers"));

        Keyed(T("qrtz_blob_triggers"), "trigger_name", "trigger_group")
            .WithColumn("blob_data").AsBinary(int.MaxValue).Nullable();
        TriggerChild(T("qrtz_blob_triggers"));

        Keyed(T("qrtz_calendars"), "calendar_name")
            .WithColumn("calendar").AsBinary(int.MaxValue).NotNullable();

        Keyed(T("qrtz_paused_trigger_grps"), "trigger_group");

        Keyed(T("qrtz_fired_triggers"), "entry_id")
            .WithColumn("trigger_name").AsString(200).NotNullable()
            .WithColumn("trigger_group").AsString(200).NotNullable()
            .WithColumn("instance_name").AsString(200).NotNullable()
            .WithColumn("fired_time").AsInt64().NotNullable()
            .WithColumn("sched_time").AsInt64().NotNullable()
            .WithColumn("priority").AsInt32().NotNullable()
            .WithColumn("state").AsString(16).NotNullable()
            .WithColumn("job_name").AsString(200).Nullable()
            .WithColumn("job_group").AsString(200).Nullable()
            .WithColumn("is_nonconcurrent").AsBoolean().NotNullable()
            .WithColumn("requests_recovery").AsBoolean().Nullable()
            .WithColumn("execution_group").AsString(200).Nullable();

        Keyed(T("qrtz_scheduler_state"), "instance_name")
            .WithColumn("last_checkin_time").AsInt64().NotNullable()
            .WithColumn("checkin_interval").AsInt64().NotNullable();

        Keyed(T("qrtz_locks"), "lock_name");

        Create.Index("idx_qrtz_j_req_recovery").OnTable(T("qrtz_job_details")).OnColumn("sched_name").Ascending().OnColumn("requests_recovery").Ascending();
        Create.Index("idx_qrtz_j_grp").OnTable(T("qrtz_job_details")).OnColumn("sched_name").Ascending().OnColumn("job_group").Ascending();
        Create.Index("idx_qrtz_t_next_fire_time").OnTable(T("qrtz_triggers")).OnColumn("sched_name").Ascending().OnColumn("next_fire_time").Ascending();
        Create.Index("idx_qrtz_t_nft_st").OnTable(T("qrtz_triggers")).OnColumn("sched_name").Ascending().OnColumn("trigger_state").Ascending().OnColumn("next_fire_time").Ascending();
        Create.Index("idx_qrtz_t_g").OnTable(T("qrtz_triggers")).OnColumn("sched_name").Ascending().OnColumn("trigger_group").Ascending();
        Create.Index("idx_qrtz_t_j").OnTable(T("qrtz_triggers")).OnColumn("sched_name").Ascending().OnColumn("job_name").Ascending().OnColumn("job_group").Ascending();
        Create.Index("idx_qrtz_ft_trig_inst_name").OnTable(T("qrtz_fired_triggers")).OnColumn("sched_name").Ascending().OnColumn("instance_name").Ascending();
        Create.Index("idx_qrtz_ft_t_g").OnTable(T("qrtz_fired_triggers")).OnColumn("sched_name").Ascending().OnColumn("trigger_name").Ascending().OnColumn("trigger_group").Ascending();
        Create.Index("idx_qrtz_ft_j_g").OnTable(T("qrtz_fired_triggers")).OnColumn("sched_name").Ascending().OnColumn("job_name").Ascending().OnColumn("job_group").Ascending();
    }

    /// <summary>
    /// Quartz names its tables in upper case after the prefix; PostgreSQL folds them to lower case,
    /// MySQL on Linux does not, so there they are created in upper case.
    /// </summary>
    private string T(string table) => Engine == DatabaseProvider.MySql ? table.ToUpperInvariant() : table;

    // Every Quartz table is keyed by the scheduler name plus its own columns.
    private ICreateTableColumnOptionOrWithColumnSyntax Keyed(string table, params string[] keyColumns)
    {
        var pk = "pk_" + table.ToLowerInvariant();
        var builder = Create.Table(table).WithColumn("sched_name").AsString(120).NotNullable().PrimaryKey(pk);
        foreach (var column in keyColumns)
        {
            builder = builder.WithColumn(column).AsString(column is "lock_name" ? 40 : column is "entry_id" ? 140 : 200).NotNullable().PrimaryKey(pk);
        }
        return builder;
    }

    private void TriggerChild(string table) =>
        Create.ForeignKey("fk_" + table.ToLowerInvariant()).FromTable(table).ForeignColumns("sched_name", "trigger_name", "trigger_group")
            .ToTable(T("qrtz_triggers")).PrimaryColumns("sched_name", "trigger_name", "trigger_group")
            .OnDelete(Rule.Cascade);
}
