"""org tree: units of any depth with calendars and holidays, SLA targets per priority, escalation
ladders, a ticket's unit, ladder level, pause and appeal, explanations; today's wards, officers,
departments and tickets become a one-level tree

Revision ID: 0023_org_tree
Revises: 0022_text_limits
Create Date: 2026-12-08 01:20:00

"""
import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_org_tree'
down_revision = '0022_text_limits'
branch_labels = None
depends_on = None

ROOT = {
    'name': 'Head office',
    'name_hi': 'मुख्य कार्यालय',
    'name_bn': 'প্রধান কার্যালয়',
    'name_fa': 'دفتر مرکزی',
    'level_name': 'Head office',
    'level_name_hi': 'मुख्य कार्यालय',
    'level_name_bn': 'প্রধান কার্যালয়',
    'level_name_fa': 'دفتر مرکزی',
}
UNIT_OF = ('ward', 'officer', 'department')


def upgrade():
    op.create_table(
        'org_unit',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(120), nullable=False),
        sa.Column('name_hi', sa.String(120)),
        sa.Column('name_bn', sa.String(120)),
        sa.Column('name_fa', sa.String(120)),
        sa.Column('level_name', sa.String(60)),
        sa.Column('level_name_hi', sa.String(60)),
        sa.Column('level_name_bn', sa.String(60)),
        sa.Column('level_name_fa', sa.String(60)),
        sa.Column('parent_id', sa.Integer(), sa.ForeignKey('org_unit.id')),
        sa.Column('path', sa.String(255), nullable=False),
        sa.Column('depth', sa.Integer(), nullable=False),
        sa.Column('head_id', sa.Integer(), sa.ForeignKey('ab_user.id')),
        sa.Column('appellate', sa.Boolean(), nullable=False),
        sa.Column('country', sa.String(2), nullable=False),
        sa.Column('subdivision', sa.String(8)),
        sa.Column('timezone', sa.String(40)),
        sa.Column('working_days', sa.String(7), nullable=False),
        sa.Column('opens_at', sa.Time(), nullable=False),
        sa.Column('closes_at', sa.Time(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
    )
    op.create_index('ix_org_unit_parent_id', 'org_unit', ['parent_id'])
    op.create_index('ix_org_unit_path', 'org_unit', ['path'])
    op.create_table(
        'staff_unit',
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('ab_user.id', ondelete='CASCADE'),
                  primary_key=True),
        sa.Column('org_unit_id', sa.Integer(), sa.ForeignKey('org_unit.id', ondelete='CASCADE'),
                  primary_key=True),
    )
    op.create_index('ix_staff_unit_org_unit_id', 'staff_unit', ['org_unit_id'])
    op.create_table(
        'holiday',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('org_unit_id', sa.Integer(), sa.ForeignKey('org_unit.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('name', sa.String(120), nullable=False),
        sa.UniqueConstraint('org_unit_id', 'day', name='uq_holiday_unit_day'),
    )
    op.create_table(
        'sla_target',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('category_id', sa.Integer(), sa.ForeignKey('category.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('priority', sa.String(24), nullable=False),
        sa.Column('first_response_minutes', sa.Integer(), nullable=False),
        sa.Column('primary_action_minutes', sa.Integer(), nullable=False),
        sa.Column('resolution_minutes', sa.Integer(), nullable=False),
        sa.UniqueConstraint('category_id', 'priority', name='uq_sla_target'),
    )
    op.create_table(
        'escalation_step',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('category_id', sa.Integer(), sa.ForeignKey('category.id', ondelete='CASCADE')),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.UniqueConstraint('category_id', 'level', name='uq_escalation_step'),
    )
    op.create_table(
        'explanation',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey('ticket.id'), nullable=False),
        sa.Column('asked_by_id', sa.Integer(), sa.ForeignKey('ab_user.id'), nullable=False),
        sa.Column('asked_of_id', sa.Integer(), sa.ForeignKey('ab_user.id'), nullable=False),
        sa.Column('question', sa.String(2000), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('answer', sa.String(4000)),
        sa.Column('answered_at', sa.DateTime()),
        sa.Column('missed_at', sa.DateTime()),
    )
    op.create_index('ix_explanation_ticket_id', 'explanation', ['ticket_id'])
    op.create_index('ix_explanation_asked_of_id', 'explanation', ['asked_of_id'])
    op.create_index('ix_explanation_due_at', 'explanation', ['due_at'])

    # No batch copies: on SQLite a copy of `ticket` would drop its triggers (0017).
    for table in UNIT_OF:
        _add_reference(table, 'org_unit_id', 'org_unit')
    op.create_index('ix_ward_org_unit_id', 'ward', ['org_unit_id'])
    op.create_index('ix_officer_org_unit_id', 'officer', ['org_unit_id'])
    op.add_column(
        'category',
        sa.Column('clock', sa.String(24), nullable=False, server_default='round_the_clock'),
    )
    _add_reference('ticket', 'org_unit_id', 'org_unit')
    _add_reference('ticket', 'appeal_of_id', 'ticket')
    op.add_column('ticket', sa.Column('paused_at', sa.DateTime()))
    op.alter_column('ticket', 'escalation_level', new_column_name='level')
    op.create_index('ix_ticket_unit_created', 'ticket', ['org_unit_id', 'created_at'])
    op.create_index('ix_ticket_appeal_of_id', 'ticket', ['appeal_of_id'])
    _one_level_tree()


def _add_reference(table, column, target):
    """A nullable foreign key column; SQLite adds it in place (Alembic would want a copy)."""
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)')
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), sa.ForeignKey(f'{target}.id')))


def _one_level_tree():
    """Levels count from 1 (the assignee) now; a deployment with data gets one root unit that
    holds its wards, officers, departments and tickets."""
    bind = op.get_bind()
    bind.execute(sa.text('UPDATE ticket SET level = level + 1'))
    held = sum(
        bind.execute(sa.text(f'SELECT count(*) FROM {table}')).scalar()
        for table in (*UNIT_OF, 'ticket')
    )
    if not held:
        return
    typed = {'opens_at': sa.Time(), 'closes_at': sa.Time(), 'appellate': sa.Boolean(),
             'active': sa.Boolean()}  # SQLite binds only what it is told the type of
    unit = sa.table('org_unit', *(sa.column(name, typed.get(name)) for name in (
        'id', *ROOT, 'path', 'depth', 'appellate', 'country', 'working_days', 'opens_at',
        'closes_at', 'active',
    )))
    bind.execute(unit.insert().values(
        **ROOT, path='/', depth=0, appellate=True, country='IN', working_days='012345',
        opens_at=datetime.time(10, 0), closes_at=datetime.time(18, 0), active=True,
    ))
    root = bind.execute(sa.text('SELECT max(id) FROM org_unit')).scalar()
    bind.execute(sa.text('UPDATE org_unit SET path = :path WHERE id = :id'),
                 {'path': f'/{root}/', 'id': root})
    for table in (*UNIT_OF, 'ticket'):
        bind.execute(sa.text(f'UPDATE {table} SET org_unit_id = :root'), {'root': root})


def downgrade():
    op.drop_index('ix_ticket_appeal_of_id', 'ticket')
    op.drop_index('ix_ticket_unit_created', 'ticket')
    op.execute('UPDATE ticket SET level = level - 1')
    op.alter_column('ticket', 'level', new_column_name='escalation_level')
    with op.batch_alter_table('ticket') as batch_op:
        for column in ('paused_at', 'appeal_of_id', 'org_unit_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('category') as batch_op:
        batch_op.drop_column('clock')
    op.drop_index('ix_officer_org_unit_id', 'officer')
    op.drop_index('ix_ward_org_unit_id', 'ward')
    for table in UNIT_OF:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('org_unit_id')
    for table in ('explanation', 'escalation_step', 'sla_target', 'holiday', 'staff_unit',
                  'org_unit'):
        op.drop_table(table)
