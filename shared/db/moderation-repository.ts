/**
 * Moderation storage: reports (`REPORT#<id>`, listed by status on GSI1), the operator role (`USER#<id>` /
 * `ROLE#OPERATOR`, listed on GSI1) and the audit log (one `AUDIT` partition, newest first). Every action writes
 * its audit entry in the transaction that makes the change. Access patterns: docs/data-model.md.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountState } from '#shared/domain/accounts/account-state';
import type { AuditEntry, ModerationStore, Report, ReportStatus } from '#shared/domain/moderation/ports';
import type { Page } from '#shared/domain/pagination';
import type { PageRequest, Post } from '#shared/domain/post';
import type { UserSummary } from '#shared/domain/user';
import { changeAccountState } from './account-state-repository';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import { isOperator } from './operator-role';
import { pagedQuery } from './paged-query';
import { removePost } from './post-repository';
import { failedGuards, type TransactItem, transact } from './transactions';

function auditPut(entry: AuditEntry): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.auditEntry(entry.id), type: ItemType.AuditEntry, ...entry },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

function toAuditEntry(item: Record<string, unknown>): AuditEntry {
  const { id, at, actor, action, target, note } = item as unknown as AuditEntry;
  return { id, at, actor, action, target, note: note ?? null };
}

function reportItem(report: Report) {
  return {
    ...keys.report(report.id),
    ...keys.reportByStatus(report.status, report.id),
    type: ItemType.Report,
    ...report,
  };
}

function toReport(item: Record<string, unknown>): Report {
  const { id, status, reason, note, createdAt, reporter, target, resolution } = item as unknown as Report;
  return {
    id,
    status,
    reason,
    note: note ?? null,
    createdAt,
    reporter,
    target,
    resolution: resolution ?? null,
  };
}

async function setOperator(user: UserSummary, operator: boolean, entry: AuditEntry): Promise<boolean> {
  const role: TransactItem = operator
    ? {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.operatorRole(user.id),
            ...keys.operatorByName(user.username),
            type: ItemType.OperatorRole,
            userId: user.id,
            username: user.username,
            firstName: user.firstName,
            lastName: user.lastName,
            grantedAt: entry.at,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      }
    : {
        Delete: {
          TableName: tableName(),
          Key: keys.operatorRole(user.id),
          ConditionExpression: 'attribute_exists(PK)',
        },
      };
  try {
    await transact({ role, audit: auditPut(entry) });
    return true;
  } catch (error) {
    if (failedGuards(error)?.has('role')) return false;
    throw error;
  }
}

function listOperators(page: PageRequest): Promise<Page<UserSummary>> {
  const partition = keys.operatorsPartition();
  return pagedQuery({
    partition,
    input: {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition.GSI1PK },
    },
    limit: page.limit,
    cursor: page.cursor,
    map: (item) => ({
      id: String(item.userId),
      username: String(item.username),
      firstName: String(item.firstName),
      lastName: String(item.lastName),
    }),
  });
}

async function saveReport(report: Report): Promise<void> {
  await transact({
    report: {
      Put: {
        TableName: tableName(),
        Item: reportItem(report),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  });
}

async function findReport(reportId: string): Promise<Report | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.report(reportId), ConsistentRead: true }),
  );
  return Item ? toReport(Item) : undefined;
}

function pageReports(status: ReportStatus, page: PageRequest): Promise<Page<Report>> {
  const partition = keys.reportsByStatusPartition(status);
  return pagedQuery({
    partition,
    input: {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition.GSI1PK },
      // The open queue is worked oldest first; resolved reports are looked back on newest first.
      ScanIndexForward: status === 'open',
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toReport,
  });
}

async function resolveReport(report: Report, entry: AuditEntry): Promise<boolean> {
  try {
    await transact({
      report: {
        Put: {
          TableName: tableName(),
          Item: reportItem(report),
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
      audit: auditPut(entry),
    });
    return true;
  } catch (error) {
    if (failedGuards(error)?.has('report')) return false;
    throw error;
  }
}

async function changeState(
  userId: string,
  change: { from: AccountState; to: AccountState },
  entry: AuditEntry,
): Promise<boolean> {
  return (await changeAccountState(userId, change, { audit: auditPut(entry) })) === 'changed';
}

function removePostAudited(post: Post, entry: AuditEntry): Promise<void> {
  return removePost(post, { audit: auditPut(entry) });
}

function pageAuditLog(page: PageRequest): Promise<Page<AuditEntry>> {
  const partition = keys.auditPartition();
  return pagedQuery({
    partition: { PK: partition.PK },
    input: {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition.PK, ':prefix': partition.skPrefix },
      ScanIndexForward: false,
    },
    limit: page.limit,
    cursor: page.cursor,
    map: toAuditEntry,
  });
}

export const moderationStore: ModerationStore = {
  isOperator,
  setOperator,
  listOperators,
  saveReport,
  findReport,
  pageReports,
  resolveReport,
  changeAccountState: changeState,
  removePost: removePostAudited,
  pageAuditLog,
};
