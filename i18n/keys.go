package i18n

// Key names one string of the catalogue. Every Key constant below must be
// in both languages; the tests check it.
type Key string

// Board.
const (
	MoreAbove        Key = "board.more_above"
	MoreBelow        Key = "board.more_below"
	EmptyColumn      Key = "board.empty"
	Loading          Key = "board.loading"
	NegativeMark     Key = "board.negative_mark"
	AgeNow           Key = "age.now"
	AgeMinutes       Key = "age.minutes"
	AgeHours         Key = "age.hours"
	AgeDays          Key = "age.days"
	StatusMe         Key = "status.me"
	StatusFilter     Key = "status.filter"
	StatusSearch     Key = "status.search"
	FilterMine       Key = "filter.mine"
	FilterUnassigned Key = "filter.unassigned"
)

// Field labels; the timeline also names changed fields with them
// ("field." + the store's field name).
const (
	FieldKey        Key = "field.key"
	FieldTitle      Key = "field.title"
	FieldBody       Key = "field.body"
	FieldStatus     Key = "field.status"
	FieldPriority   Key = "field.priority"
	FieldChannel    Key = "field.channel"
	FieldCategory   Key = "field.category"
	FieldTeam       Key = "field.team"
	FieldOwner      Key = "field.owner"
	FieldCustomer   Key = "field.customer"
	FieldPhone      Key = "field.phone"
	FieldTier       Key = "field.tier"
	FieldIndustry   Key = "field.industry"
	FieldProduct    Key = "field.product"
	FieldVersion    Key = "field.version"
	FieldOrderNo    Key = "field.order_no"
	FieldSentiment  Key = "field.sentiment"
	FieldKeywords   Key = "field.keywords"
	FieldTags       Key = "field.tags"
	FieldReceived   Key = "field.received"
	FieldCreated    Key = "field.created"
	FieldUpdated    Key = "field.updated"
	FieldFirstReply Key = "field.first_response"
	FieldResolved   Key = "field.resolved"
	FieldClosed     Key = "field.closed"
	FieldReopened   Key = "field.reopen_count"
	FieldSolution   Key = "field.solution"
	FieldRevision   Key = "field.revision"
	FieldNote       Key = "field.note"
	FieldDuplicate  Key = "field.duplicate_of"
)

// Card detail.
const (
	DetailNotes    Key = "detail.notes"
	DetailTimeline Key = "detail.timeline"
	DetailNone     Key = "detail.none"
	DetailEvent    Key = "detail.event"
	DetailEventSet Key = "detail.event_set"
	DetailNoteBy   Key = "detail.note_by"
	DetailScroll   Key = "detail.scroll"
)

// Forms.
const (
	FormNew            Key = "form.new"
	FormEdit           Key = "form.edit"
	FormNote           Key = "form.note"
	FormHint           Key = "form.hint"
	FormNoteHint       Key = "form.note_hint"
	FormDiscard        Key = "form.discard"
	FormSaving         Key = "form.saving"
	FormNeedTitle      Key = "form.need_title"
	FormNeedNote       Key = "form.need_note"
	FormBadPhone       Key = "form.bad_phone"
	FormNothingChanged Key = "form.nothing_changed"
)

// Pickers and prompts.
const (
	PickMove         Key = "pick.move"
	PickAssign       Key = "pick.assign"
	PickFilter       Key = "pick.filter"
	PickPriority     Key = "pick.priority"
	PickChannel      Key = "pick.channel"
	PickCategory     Key = "pick.category"
	PickHint         Key = "pick.hint"
	PickNotAllowed   Key = "pick.not_allowed"
	PickCurrent      Key = "pick.current"
	PickUnassigned   Key = "pick.unassigned"
	PickAny          Key = "pick.any"
	PickOn           Key = "pick.on"
	PickOff          Key = "pick.off"
	FilterOnlyMine   Key = "filter.only_mine"
	FilterOnlyUnassd Key = "filter.only_unassigned"
	FilterByPriority Key = "filter.by_priority"
	FilterByChannel  Key = "filter.by_channel"
	FilterByCategory Key = "filter.by_category"
	FilterClear      Key = "filter.clear"
	PromptSearch     Key = "prompt.search"
	PromptJump       Key = "prompt.jump"
	PromptHint       Key = "prompt.hint"
)

// Status-line messages.
const (
	MsgMoved         Key = "msg.moved"
	MsgMovedBy       Key = "msg.moved_by"
	MsgAssigned      Key = "msg.assigned"
	MsgUnassigned    Key = "msg.unassigned"
	MsgNoteAdded     Key = "msg.note_added"
	MsgCreated       Key = "msg.created"
	MsgUpdated       Key = "msg.updated"
	MsgGone          Key = "msg.gone"
	MsgHidden        Key = "msg.hidden"
	MsgRefreshed     Key = "msg.refreshed"
	MsgNoCard        Key = "msg.no_card"
	MsgAlreadyMine   Key = "msg.already_mine"
	MsgNoColumn      Key = "msg.no_column"
	MsgFilterOn      Key = "msg.filter_on"
	MsgFilterOff     Key = "msg.filter_off"
	MsgSearchOn      Key = "msg.search_on"
	MsgSearchOff     Key = "msg.search_off"
	MsgNotAKey       Key = "msg.not_a_key"
	MsgCancelled     Key = "msg.cancelled"
	MsgSameColumn    Key = "msg.same_column"
	MsgTransition    Key = "msg.transition"
	MsgConflict      Key = "msg.conflict"
	MsgConflictBy    Key = "msg.conflict_by"
	LeadConflict     Key = "lead.conflict"
	LeadForbidden    Key = "lead.forbidden"
	LeadInvalid      Key = "lead.invalid"
	LeadNotFound     Key = "lead.not_found"
	LeadError        Key = "lead.error"
	ListSeparator    Key = "list.separator"
	HelpTitle        Key = "help.title"
	HelpClose        Key = "help.close"
	HelpNarrowLayout Key = "help.narrow"
)

// Key-binding help: what each key does.
const (
	KeyLeft      Key = "key.left"
	KeyRight     Key = "key.right"
	KeyUp        Key = "key.up"
	KeyDown      Key = "key.down"
	KeyTop       Key = "key.top"
	KeyBottom    Key = "key.bottom"
	KeyOpen      Key = "key.open"
	KeyBack      Key = "key.back"
	KeyMove      Key = "key.move"
	KeyMoveLeft  Key = "key.move_left"
	KeyMoveRight Key = "key.move_right"
	KeyAssign    Key = "key.assign"
	KeyTake      Key = "key.take"
	KeyNew       Key = "key.new"
	KeyNote      Key = "key.note"
	KeyEdit      Key = "key.edit"
	KeySearch    Key = "key.search"
	KeyFilter    Key = "key.filter"
	KeyJump      Key = "key.jump"
	KeyRefresh   Key = "key.refresh"
	KeyHelp      Key = "key.help"
	KeyQuit      Key = "key.quit"
	KeyPage      Key = "key.page"
)
