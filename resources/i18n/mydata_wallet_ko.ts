<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AccountsPanel</name>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="321"/>
        <source>Month compared with the month before</source>
        <translation>전월과 비교할 달</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="322"/>
        <source>Mont&amp;h:</source>
        <translation>월(&amp;H):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="324"/>
        <source>Currency of a converted total</source>
        <translation>환산 합계의 통화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="326"/>
        <source>A total in one currency, only at rates you entered or an imported file carries</source>
        <translation>입력한 환율이나 가져온 파일에 있는 환율로만 낸 한 통화 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="328"/>
        <source>Total &amp;in:</source>
        <translation>합계 통화(&amp;I):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="330"/>
        <source>Enter a &amp;rate...</source>
        <translation>환율 입력(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="331"/>
        <source>An exchange rate you know (the wallet never fetches one)</source>
        <translation>알고 있는 환율 (지갑은 환율을 가져오지 않습니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="342"/>
        <source>Accounts and cards</source>
        <translation>계좌와 카드</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="344"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="345"/>
        <source>Account or card</source>
        <translation>계좌 또는 카드</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="346"/>
        <source>Balance</source>
        <translation>잔액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="347"/>
        <location filename="../../wallet/ui/money_panels.py" line="361"/>
        <source>Currency</source>
        <translation>통화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="348"/>
        <source>On</source>
        <translation>기준일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="349"/>
        <source>Since</source>
        <translation>시작일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="350"/>
        <source>From</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="353"/>
        <source>Net worth per currency</source>
        <translation>통화별 순자산</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="355"/>
        <source>Net worth</source>
        <translation>순자산</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="360"/>
        <source>Income and spending of the month against the month before</source>
        <translation>이번 달 수입과 지출 (전월 대비)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="361"/>
        <source>What</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="361"/>
        <source>This month</source>
        <translation>이번 달</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="361"/>
        <source>Month before</source>
        <translation>전월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="361"/>
        <source>Change</source>
        <translation>변화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="363"/>
        <source>Income and spending</source>
        <translation>수입과 지출</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="371"/>
        <source>What the chart of balances shows</source>
        <translation>잔액 차트에 표시할 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="372"/>
        <source>Chart &amp;shows:</source>
        <translation>차트(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="374"/>
        <source>Net worth per day or per month</source>
        <translation>일별 또는 월별 순자산</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="375"/>
        <source>per day</source>
        <translation>일별</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="376"/>
        <source>per month</source>
        <translation>월별</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="381"/>
        <source>Accounts the chart leaves out</source>
        <translation>차트에서 빠진 계좌</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="382"/>
        <source>Balances over time</source>
        <translation>잔액 추이</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="418"/>
        <source>no converted total</source>
        <translation>환산 합계 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="426"/>
        <source>No bank or card statements for this person yet: import an OFX file or a bank statement.</source>
        <translation>이 사람의 은행·카드 내역이 아직 없습니다. OFX 파일이나 은행 거래내역을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="431"/>
        <source>{n} accounts and {cards} cards; balances as the statements state them.</source>
        <translation>계좌 {n}개, 카드 {cards}개. 잔액은 내역에 적힌 그대로입니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="448"/>
        <source>Net worth ({currency})</source>
        <translation>순자산 ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="449"/>
        <source>All accounts ({currency})</source>
        <translation>모든 계좌 ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="496"/>
        <source>Not drawn (no balance in their statements): {names}</source>
        <translation>표시하지 않음 (거래내역에 잔액 없음): {names}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="501"/>
        <source>Each day counts the accounts whose balance is known on it.</source>
        <translation>날마다 그날 잔액을 아는 계좌만 더합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="507"/>
        <source>Account</source>
        <translation>계좌</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="507"/>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="507"/>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="513"/>
        <source>not known</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="515"/>
        <source>The statements give no balance: left out of the net worth</source>
        <translation>내역에 잔액이 없어 순자산에서 뺐습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="451"/>
        <location filename="../../wallet/ui/money_panels.py" line="497"/>
        <location filename="../../wallet/ui/money_panels.py" line="519"/>
        <location filename="../../wallet/ui/money_panels.py" line="542"/>
        <source>Unknown account</source>
        <translation>알 수 없는 계좌</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="535"/>
        <source>No account states its balance.</source>
        <translation>잔액이 적힌 계좌가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="537"/>
        <source>Each currency apart: they are never added together.</source>
        <translation>통화마다 따로 보여 주며, 서로 더하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="541"/>
        <source>Not counted (no balance in their statements): {names}</source>
        <translation>계산에서 뺌 (내역에 잔액 없음): {names}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="550"/>
        <source>Total in {currency}: {amount} {currency}</source>
        <translation>{currency} 합계: {amount} {currency}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="557"/>
        <source>  {amount} at {rate}</source>
        <translation>  {amount}, 환율 {rate}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="560"/>
        <source>  {amount} left out: no rate to {currency} (Enter a rate...)</source>
        <translation>  {amount} 제외: {currency} 환율 없음 (환율 입력...)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="567"/>
        <source>no date</source>
        <translation>날짜 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="569"/>
        <source>you entered it on {date}</source>
        <translation>{date}에 직접 입력</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="571"/>
        <source>from {file}, {date}</source>
        <translation>{file}, {date}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="571"/>
        <source>an imported file</source>
        <translation>가져온 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="573"/>
        <source>1 {to} = {given} {source} ({how}; used the other way round)</source>
        <translation>1 {to} = {given} {source} ({how}; 거꾸로 적용)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="576"/>
        <source>1 {source} = {rate} {to} ({how})</source>
        <translation>1 {source} = {rate} {to} ({how})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="589"/>
        <source>Income and spending: {month} against {before}</source>
        <translation>수입과 지출: {month} (비교: {before})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="594"/>
        <source>Income</source>
        <translation>수입</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="595"/>
        <source>Spending</source>
        <translation>지출</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="596"/>
        <source>Transfers in</source>
        <translation>이체 입금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="597"/>
        <source>Transfers out</source>
        <translation>이체 출금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="598"/>
        <source>Moved between your own accounts (not spending)</source>
        <translation>내 계좌 사이 이동 (지출 아님)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="612"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="642"/>
        <source>Kept: {rate}.</source>
        <translation>저장함: {rate}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="647"/>
        <source>The rate was not kept: {error}</source>
        <translation>환율을 저장하지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>AddTargetDialog</name>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="311"/>
        <source>Add a backup target</source>
        <translation>백업 대상 추가</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="317"/>
        <source>&amp;Test connection</source>
        <translation>연결 확인(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="324"/>
        <source>Connection status</source>
        <translation>연결 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="329"/>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../wallet/ui/app.py" line="215"/>
        <source>MyData Wallet</source>
        <translation>마이데이터 지갑</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/app.py" line="216"/>
        <source>This vault is already open in another MyData Wallet window.</source>
        <translation>이 금고는 이미 다른 마이데이터 지갑 창에서 열려 있습니다.</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="210"/>
        <source>Audit log</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="215"/>
        <source>Audit chain status</source>
        <translation>감사 기록 체인 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="233"/>
        <source>Checking the audit log...</source>
        <translation>감사 기록을 확인하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="262"/>
        <source>The audit log could not be read: {error}</source>
        <translation>감사 기록을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="218"/>
        <source>Audit log entries</source>
        <translation>감사 기록 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="219"/>
        <source>#</source>
        <translation>번호</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="219"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="219"/>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="219"/>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="256"/>
        <source>The chain is broken:</source>
        <translation>체인이 손상되었습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="258"/>
        <source>Chain intact: {n} entries, none altered or removed.</source>
        <translation>체인 정상: 항목 {n}개, 변경되거나 삭제된 항목이 없습니다.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="149"/>
        <source>Backup</source>
        <translation>백업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="162"/>
        <source>Backup targets</source>
        <translation>백업 대상</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="166"/>
        <source>Backup versions</source>
        <translation>백업 버전</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="314"/>
        <source>Reading the versions...</source>
        <translation>버전을 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="323"/>
        <source>{when}: {records} records, {people} people</source>
        <translation>{when}: 기록 {records}건, {people}명</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="328"/>
        <source>No backups there yet.</source>
        <translation>아직 그곳에 백업이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="122"/>
        <source>Last backup: none yet.</source>
        <translation>마지막 백업: 아직 없음.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="123"/>
        <source>Last verification: none yet.</source>
        <translation>마지막 검증: 아직 없음.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="126"/>
        <source>worked</source>
        <translation>성공</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="128"/>
        <source>({n} records)</source>
        <translation>(기록 {n}건)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="130"/>
        <source>failed: {message}</source>
        <translation>실패: {message}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="132"/>
        <source>Last backup: {when} to {target}: {result}.</source>
        <translation>마지막 백업: {when}, {target}: {result}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="134"/>
        <source>Last verification: {when} of {target}: {result}.</source>
        <translation>마지막 검증: {when}, {target}: {result}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="154"/>
        <source>Backups are encrypted before they leave: they open only with your passphrase or recovery key. Keep them on a disk, a folder that is synced, a WebDAV or SFTP server, or S3-compatible storage.</source>
        <translation>백업은 이 컴퓨터를 떠나기 전에 암호화되며, 암호 문구나 복구 키로만 열립니다. 디스크, 동기화되는 폴더, WebDAV나 SFTP 서버, S3 호환 저장소에 보관하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="170"/>
        <source>&amp;Add...</source>
        <translation>추가(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="171"/>
        <source>Add a backup target</source>
        <translation>백업 대상 추가</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="173"/>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="174"/>
        <location filename="../../wallet/ui/backup_dialog.py" line="277"/>
        <source>Remove the backup target</source>
        <translation>백업 대상 제거</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="176"/>
        <source>&amp;Back up now</source>
        <translation>지금 백업(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="178"/>
        <source>&amp;Verify the newest</source>
        <translation>최신 백업 검증(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="180"/>
        <source>Re&amp;store...</source>
        <translation>복원(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="181"/>
        <source>Restore a backup</source>
        <translation>백업 복원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="192"/>
        <source>Backup status</source>
        <translation>백업 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="195"/>
        <source>Automatic backups</source>
        <translation>자동 백업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="198"/>
        <source>Target of the automatic backups</source>
        <translation>자동 백업 대상</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="199"/>
        <source>Back up to:</source>
        <translation>백업할 곳:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="200"/>
        <source>After each import</source>
        <translation>가져오기를 마칠 때마다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="201"/>
        <source>Every day while the app is open</source>
        <translation>앱이 열려 있는 동안 매일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="202"/>
        <source>Verify the newest backup every month</source>
        <translation>매달 최신 백업 검증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="237"/>
        <source>No backup target yet: add a folder, a disk or a server.</source>
        <translation>아직 백업 대상이 없습니다. 폴더, 디스크 또는 서버를 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="278"/>
        <source>Forget the backup target {name}? Its backups stay where they are.</source>
        <translation>백업 대상 {name}을(를) 목록에서 지울까요? 그곳의 백업은 그대로 남습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="300"/>
        <source>Removed {name}.</source>
        <translation>{name}을(를) 제거했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="332"/>
        <source>This target holds a newer backup of this vault made on another computer: this copy is behind it. Restore that backup (Restore...) before backing up here.</source>
        <translation>이 대상에는 다른 컴퓨터에서 만든 이 보관함의 더 새로운 백업이 있습니다. 이 사본은 그보다 뒤처져 있습니다. 여기에 백업하기 전에 그 백업을 복원하세요(복원...).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="349"/>
        <source>Backing up...</source>
        <translation>백업하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="353"/>
        <source>Backed up: {records} records, encrypted.</source>
        <translation>백업했습니다: 기록 {records}건, 암호화됨.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="369"/>
        <source>Verifying...</source>
        <translation>검증하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="375"/>
        <source>The backup did not verify: {problem}</source>
        <translation>백업이 검증되지 않았습니다: {problem}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="377"/>
        <source>The newest backup restores, opens and checks.</source>
        <translation>최신 백업을 복원하고 열어 검사했으며 이상이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="399"/>
        <source>(none: only when asked)</source>
        <translation>(없음: 요청할 때만)</translation>
    </message>
</context>
<context>
    <name>BackupJobs</name>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="30"/>
        <source>Connecting...</source>
        <translation>연결하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="31"/>
        <source>Taking a snapshot of the vault...</source>
        <translation>보관함의 스냅숏을 만드는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="32"/>
        <source>Uploading...</source>
        <translation>업로드하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="33"/>
        <source>Writing the manifest...</source>
        <translation>매니페스트를 쓰는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="34"/>
        <source>Deleting old versions...</source>
        <translation>오래된 버전을 삭제하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="35"/>
        <source>Listing the versions...</source>
        <translation>버전 목록을 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="36"/>
        <source>Opening and checking...</source>
        <translation>열어서 검사하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="37"/>
        <source>Verifying...</source>
        <translation>검증하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="40"/>
        <source>Downloading...</source>
        <translation>내려받는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_jobs.py" line="49"/>
        <source>{done} of {total} ({percent}%)</source>
        <translation>{total} 중 {done} ({percent}%)</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="70"/>
        <source>Backup progress</source>
        <translation>백업 진행 상황</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="71"/>
        <source>Cancel backup</source>
        <translation>백업 취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="72"/>
        <source>Cancel the backup</source>
        <translation>백업 취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="176"/>
        <source>Verifying the backup on {target}:</source>
        <translation>{target}의 백업을 검증하는 중:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="177"/>
        <source>Backing up to {target}:</source>
        <translation>{target}(으)로 백업하는 중:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="198"/>
        <source>The backup on {target} was verified.</source>
        <translation>{target}의 백업을 검증했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="200"/>
        <source>Backed up to {target}: {n} records.</source>
        <translation>{target}(으)로 백업했습니다: 기록 {n}건.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="208"/>
        <source>The automatic verification of {target} failed:</source>
        <translation>{target}의 자동 검증이 실패했습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="210"/>
        <source>The automatic backup to {target} failed:</source>
        <translation>{target}(으)로의 자동 백업이 실패했습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="256"/>
        <source>{target} holds a newer backup of this vault, made on another computer on {when} ({n} records). This copy is behind it. Restore that backup into a new folder and open it?</source>
        <translation>{target}에 다른 컴퓨터에서 {when}에 만든 이 보관함의 더 새로운 백업이 있습니다(기록 {n}건). 이 사본은 그보다 뒤처져 있습니다. 그 백업을 새 폴더에 복원하고 열까요?</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="259"/>
        <source>A newer backup</source>
        <translation>더 새로운 백업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="260"/>
        <source>&amp;Restore it...</source>
        <translation>복원(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_schedule.py" line="261"/>
        <source>&amp;Not now</source>
        <translation>나중에(&amp;N)</translation>
    </message>
</context>
<context>
    <name>BackupTargets</name>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="46"/>
        <source>Wrong user name, password or key: the server refused them.</source>
        <translation>사용자 이름, 비밀번호 또는 키가 틀렸습니다. 서버가 거부했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="48"/>
        <source>The server cannot be reached: check the address and the port, and that the server is running.</source>
        <translation>서버에 연결할 수 없습니다. 주소와 포트, 서버가 실행 중인지 확인하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="53"/>
        <source>The remote refused the upload (it may be full or read-only).</source>
        <translation>원격 저장소가 업로드를 거부했습니다(가득 찼거나 읽기 전용일 수 있습니다).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="57"/>
        <source>The target is full: there is no room for the backup.</source>
        <translation>대상이 가득 찼습니다. 백업을 넣을 공간이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="59"/>
        <source>Cancelled. Nothing half-done is taken for a backup.</source>
        <translation>취소했습니다. 반쯤 된 것은 백업으로 치지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="61"/>
        <source>The target could not be used.</source>
        <translation>대상을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="62"/>
        <source>Something went wrong.</source>
        <translation>문제가 생겼습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="283"/>
        <source>Trying {name}...</source>
        <translation>{name}에 연결해 보는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="292"/>
        <source>Connected: {n} backups there.</source>
        <translation>연결됨: 그곳에 백업 {n}개가 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="295"/>
        <source>Connected: no backups there yet.</source>
        <translation>연결됨: 아직 그곳에 백업이 없습니다.</translation>
    </message>
</context>
<context>
    <name>BalanceChart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="735"/>
        <source>Chart of balances over time</source>
        <translation>잔액 추이 차트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="741"/>
        <source>the statement&apos;s balance column</source>
        <translation>거래내역의 잔액 열</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="742"/>
        <source>a balance the statement states</source>
        <translation>거래내역에 적힌 잔액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="743"/>
        <source>worked out from the movements and a stated balance</source>
        <translation>적힌 잔액에서 거래 금액으로 계산</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="751"/>
        <location filename="../../wallet/ui/charts.py" line="789"/>
        <source>Unknown account</source>
        <translation>알 수 없는 계좌</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="754"/>
        <source>{account}, {day}: {amount} ({how})</source>
        <translation>{account}, {day}: {amount} ({how})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="761"/>
        <source>Balance ({currency})</source>
        <translation>잔액 ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="761"/>
        <location filename="../../wallet/ui/charts.py" line="794"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="765"/>
        <source>Balance of {account}, {first} to {last}</source>
        <translation>{account} 잔액, {first} ~ {last}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="769"/>
        <source>Balances in {currency}, {first} to {last}</source>
        <translation>{currency} 계좌 잔액, {first} ~ {last}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="772"/>
        <location filename="../../wallet/ui/charts.py" line="800"/>
        <source>No balance known: the statements give none.</source>
        <translation>알려진 잔액이 없습니다: 거래내역에 잔액이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="777"/>
        <source>Net worth</source>
        <translation>순자산</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="780"/>
        <source>{period}: net worth {amount} (as of {day}, {n} of {total} accounts)</source>
        <translation>{period}: 순자산 {amount} ({day} 기준, 계좌 {total}개 중 {n}개)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="788"/>
        <source>not known on that day: {names}</source>
        <translation>그날 잔액을 알 수 없음: {names}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="794"/>
        <source>Net worth ({currency})</source>
        <translation>순자산 ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="797"/>
        <source>Net worth in {currency}, {first} to {last}</source>
        <translation>{currency} 순자산, {first} ~ {last}</translation>
    </message>
</context>
<context>
    <name>BillPanel</name>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="158"/>
        <source>Month of the bill estimate</source>
        <translation>요금 추정 월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="160"/>
        <source>Bill &amp;month:</source>
        <translation>요금 월(&amp;M):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="167"/>
        <source>Reading electricity use...</source>
        <translation>전력 사용량을 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="173"/>
        <source>Use against the same month last year</source>
        <translation>작년 같은 달과 비교한 사용량</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="176"/>
        <source>Bill estimate</source>
        <translation>요금 추정</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="182"/>
        <source>Lines of the bill estimate</source>
        <translation>요금 추정 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="182"/>
        <location filename="../../wallet/ui/energy_view.py" line="183"/>
        <source>What</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="182"/>
        <location filename="../../wallet/ui/energy_view.py" line="183"/>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="183"/>
        <source>How it was computed</source>
        <translation>계산 방법</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="193"/>
        <source>The tariff the estimate uses</source>
        <translation>추정에 쓴 요금표</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="208"/>
        <source>Saving plan</source>
        <translation>절약 계획</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="214"/>
        <source>Saving steps</source>
        <translation>절약 단계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="215"/>
        <source>Keep the month at</source>
        <translation>이번 달 사용량 목표</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="215"/>
        <source>kWh less</source>
        <translation>줄일 kWh</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="215"/>
        <source>Bill would be</source>
        <translation>예상 요금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="215"/>
        <source>Saving</source>
        <translation>절약액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="223"/>
        <source>Costs in the file (as the utility gives them)</source>
        <translation>파일의 요금 (공급자가 준 그대로)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="226"/>
        <source>Costs in the file</source>
        <translation>파일의 요금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="226"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="226"/>
        <source>Cost</source>
        <translation>요금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="226"/>
        <source>Readings with a cost</source>
        <translation>요금이 있는 검침값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="278"/>
        <source>The bill estimate could not be made: {error}</source>
        <translation>요금을 추정할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="300"/>
        <source>Meter: {meter}.</source>
        <translation>계량기: {meter}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="301"/>
        <source>Note: {note}</source>
        <translation>참고: {note}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="303"/>
        <source>There are no electricity readings in the vault for this person.</source>
        <translation>이 사람의 전력 검침값이 금고에 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="306"/>
        <source>No bill estimate: {reason}.</source>
        <translation>요금 추정 없음: {reason}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="320"/>
        <source>No electricity readings in {month}.</source>
        <translation>{month}에 전력 검침값이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="321"/>
        <source>Use in {month}: {kwh} kWh (readings on {n} of {days} days).</source>
        <translation>{month} 사용량: {kwh} kWh ({days}일 중 {n}일 검침).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="325"/>
        <source>The same month last year: no readings.</source>
        <translation>작년 같은 달: 검침값 없음.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="327"/>
        <source>The same month last year: {kwh} kWh (readings on {n} of {days} days).</source>
        <translation>작년 같은 달: {kwh} kWh ({days}일 중 {n}일 검침).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="333"/>
        <source>Change: {change} kWh{percent}.</source>
        <translation>변화: {change} kWh{percent}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="335"/>
        <source>No change is given: one of the two months lacks readings on some days.</source>
        <translation>변화를 표시하지 않습니다: 두 달 중 한 달에 검침값이 빠진 날이 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="345"/>
        <source>Estimated bill for {kwh} kWh in {month} ({season}, tier {tier}): {total}</source>
        <translation>{month} {kwh} kWh 추정 요금 ({season}, {tier}단계): {total}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="368"/>
        <source>Tariff: {name} ({publisher}), in force from {start}.
Source: {source}</source>
        <translation>요금표: {name} ({publisher}), {start}부터 적용.
출처: {source}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="378"/>
        <source>Not checked against the publisher: {note}</source>
        <translation>발행처 자료와 대조하지 않음: {note}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="381"/>
        <source>Use priced: {how}.</source>
        <translation>요금 계산 기준: {how}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="382"/>
        <source>An estimate from the calendar month&apos;s readings, not a bill.</source>
        <translation>달력 기준 한 달 검침값으로 낸 추정이며 청구서가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="396"/>
        <source>The use of {kwh} kWh is already in the lowest tier: no lower tier to stay in.</source>
        <translation>사용량 {kwh} kWh는 이미 가장 낮은 단계입니다. 더 낮은 단계가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="403"/>
        <source>With {kwh} kWh the bill is {total}. Using less this month would keep it in a lower tier:</source>
        <translation>{kwh} kWh이면 요금은 {total}입니다. 이번 달에 덜 쓰면 더 낮은 단계에 머물 수 있습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="411"/>
        <source>{kwh} kWh (the super-user limit)</source>
        <translation>{kwh} kWh (슈퍼유저 기준)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="413"/>
        <source>{kwh} kWh (the top of tier {tier})</source>
        <translation>{kwh} kWh ({tier}단계 상한)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="432"/>
        <source>{n} of {total}</source>
        <translation>{total} 중 {n}</translation>
    </message>
</context>
<context>
    <name>Card</name>
    <message>
        <location filename="../../wallet/ui/home.py" line="114"/>
        <source>Click to open</source>
        <translation>눌러서 열기</translation>
    </message>
</context>
<context>
    <name>CategoriesPanel</name>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="665"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="666"/>
        <source>Mont&amp;h:</source>
        <translation>월(&amp;H):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="668"/>
        <location filename="../../wallet/ui/money_panels.py" line="701"/>
        <source>Currency</source>
        <translation>통화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="669"/>
        <source>C&amp;urrency:</source>
        <translation>통화(&amp;U):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="671"/>
        <source>Ru&amp;les...</source>
        <translation>규칙(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="672"/>
        <source>Your rules and the built-in ones: add, delete, turn off and on</source>
        <translation>내 규칙과 기본 규칙: 추가, 삭제, 끄기와 켜기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="683"/>
        <source>Category shown per month</source>
        <translation>월별로 볼 분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="684"/>
        <source>Categor&amp;y:</source>
        <translation>분류(&amp;Y):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="694"/>
        <source>Only mo&amp;vements of this category</source>
        <translation>이 분류의 거래만(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="696"/>
        <source>Movements of the month</source>
        <translation>이번 달 거래</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="698"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="699"/>
        <source>Payee</source>
        <translation>거래처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="700"/>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="702"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="703"/>
        <source>Why (the rule)</source>
        <translation>이유 (규칙)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="704"/>
        <source>Account</source>
        <translation>계좌</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="710"/>
        <source>New category of the chosen movement&apos;s payee</source>
        <translation>선택한 거래처의 새 분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="711"/>
        <source>Category of this payee &amp;from now on:</source>
        <translation>이 거래처의 앞으로 분류(&amp;F):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="713"/>
        <source>&amp;Keep for this payee</source>
        <translation>이 거래처에 적용(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="714"/>
        <source>Learns a rule of yours: this payee gets this category from now on</source>
        <translation>내 규칙을 만듭니다: 앞으로 이 거래처는 이 분류가 됩니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="791"/>
        <source>No bank or card movements for this person yet.</source>
        <translation>이 사람의 은행·카드 거래가 아직 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="793"/>
        <source>{month}: {amount} {currency} spent in {n} categories.</source>
        <translation>{month}: {n}개 분류에서 {amount} {currency} 지출.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="797"/>
        <source>Other currencies of the month are charted apart (Currency).</source>
        <translation>이번 달의 다른 통화는 따로 표시합니다 (통화).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="851"/>
        <source>Between your own accounts</source>
        <translation>내 계좌 사이</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="852"/>
        <source>the same amount left one of your accounts and reached another that day (not spending)</source>
        <translation>같은 날 같은 금액이 내 계좌에서 다른 내 계좌로 옮겨졌습니다 (지출 아님)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="897"/>
        <source>Change category of this payee to</source>
        <translation>이 거래처의 분류 바꾸기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="905"/>
        <source>Rules...</source>
        <translation>규칙...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="923"/>
        <source>Learnt: payee &quot;{payee}&quot; is {category} from now on (your rule {rule}).</source>
        <translation>학습함: 앞으로 거래처 &quot;{payee}&quot;는 {category}입니다 (내 규칙 {rule}).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="931"/>
        <source>Not changed: {error}</source>
        <translation>바꾸지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>CategoryChart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="808"/>
        <source>Bar chart of spending per category</source>
        <translation>분류별 지출 막대 차트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="826"/>
        <source>Spending</source>
        <translation>지출</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="831"/>
        <source>{category}, {month}: {amount} {currency} ({n} payments)</source>
        <translation>{category}, {month}: {amount} {currency} (결제 {n}건)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="835"/>
        <source>(paid {paid}, refunded {refunds})</source>
        <translation>(결제 {paid}, 환불 {refunds})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="842"/>
        <source>Spent ({currency})</source>
        <translation>지출 ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="843"/>
        <source>Spending per category, {month} ({currency})</source>
        <translation>분류별 지출, {month} ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="844"/>
        <source>Nothing spent in this month.</source>
        <translation>이번 달 지출이 없습니다.</translation>
    </message>
</context>
<context>
    <name>CategoryTrendChart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="886"/>
        <source>Bar chart of a category&apos;s spending per month</source>
        <translation>한 분류의 월별 지출 막대 차트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="903"/>
        <source>{month}: {amount} {currency}</source>
        <translation>{month}: {amount} {currency}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="907"/>
        <source>Spent ({currency})</source>
        <translation>지출 ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="907"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="910"/>
        <source>{category} per month, {first} to {last}</source>
        <translation>월별 {category}, {first} ~ {last}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="913"/>
        <source>Choose a category to see it per month.</source>
        <translation>분류를 고르면 월별로 보여 줍니다.</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="47"/>
        <source>Change passphrase</source>
        <translation>암호 문구 변경</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="55"/>
        <source>Current passphrase</source>
        <translation>현재 암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="57"/>
        <source>New passphrase</source>
        <translation>새 암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="59"/>
        <source>Confirm the new passphrase</source>
        <translation>새 암호 문구 확인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="60"/>
        <source>C&amp;urrent passphrase:</source>
        <translation>현재 암호 문구(&amp;U):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="62"/>
        <source>&amp;New passphrase:</source>
        <translation>새 암호 문구(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="64"/>
        <source>&amp;Confirm:</source>
        <translation>확인(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="69"/>
        <source>Passphrase strength</source>
        <translation>암호 문구 강도</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="70"/>
        <source>Strength:</source>
        <translation>강도:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="74"/>
        <source>&amp;Generate...</source>
        <translation>생성(&amp;G)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="75"/>
        <source>Generate a passphrase</source>
        <translation>암호 문구 생성</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="82"/>
        <source>Changing the passphrase</source>
        <translation>암호 문구를 바꾸는 중</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="86"/>
        <source>Passphrase change status</source>
        <translation>암호 문구 변경 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="90"/>
        <source>C&amp;hange</source>
        <translation>변경(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="104"/>
        <source>The two new passphrases differ.</source>
        <translation>두 새 암호 문구가 서로 다릅니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="124"/>
        <source>Changing the passphrase... (this takes a moment)</source>
        <translation>암호 문구를 바꾸는 중... (잠시 걸립니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="147"/>
        <source>The passphrase is changed. The recovery key still works.</source>
        <translation>암호 문구를 바꿨습니다. 복구 키는 그대로 쓸 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="153"/>
        <source>The current passphrase is wrong.</source>
        <translation>현재 암호 문구가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passphrase_dialog.py" line="158"/>
        <source>The passphrase could not be changed: {error}</source>
        <translation>암호 문구를 바꾸지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="234"/>
        <source>Value under the pointer</source>
        <translation>포인터가 가리키는 값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="235"/>
        <source>Show &amp;all</source>
        <translation>전체 보기(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="236"/>
        <source>Zoom out to every value of the chart (the wheel zooms, dragging pans)</source>
        <translation>차트의 모든 값이 보이도록 축소합니다 (휠로 확대·축소, 끌어서 이동)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="238"/>
        <source>Save chart as PN&amp;G...</source>
        <translation>차트를 PNG로 저장(&amp;G)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="239"/>
        <source>Write this chart to an image file you choose (it shows your data)</source>
        <translation>이 차트를 고른 이미지 파일로 저장합니다 (내 데이터가 담깁니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="502"/>
        <source>The vault is locked.</source>
        <translation>보관함이 잠겨 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="515"/>
        <source>Save chart as PNG</source>
        <translation>차트를 PNG로 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="515"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="525"/>
        <source>Could not save</source>
        <translation>저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="527"/>
        <source>Saved to {path}</source>
        <translation>{path}에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>ClaimTo</name>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="199"/>
        <source>Prepare an insurance claim</source>
        <translation>보험 청구 준비</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="201"/>
        <source>The claim for the visit of {date} at {place}.</source>
        <translation>{date} {place} 진료의 청구.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="208"/>
        <source>the insurance company</source>
        <translation>보험사</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="210"/>
        <source>e.g. its claims department (optional)</source>
        <translation>예: 보상 담당 부서 (선택)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="214"/>
        <source>&amp;Insurer:</source>
        <translation>보험사(&amp;I):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="215"/>
        <source>&amp;Organisation:</source>
        <translation>기관(&amp;O):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="216"/>
        <source>&amp;Purpose:</source>
        <translation>목적(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="224"/>
        <source>This visit is already marked as claimed on {date} ({how}). Go on only if the insurer asked for a new claim: another bundle will be made.</source>
        <translation>이 진료는 {date}에 청구함으로 표시되어 있습니다 ({how}). 보험사가 새 청구를 요청한 경우에만 계속하세요: 번들을 하나 더 만듭니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="235"/>
        <source>Not in the wallet (the insurer may ask for them): {docs}</source>
        <translation>지갑에 없는 서류 (보험사가 요청할 수 있음): {docs}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="242"/>
        <source>&amp;Next: review</source>
        <translation>다음: 검토(&amp;N)</translation>
    </message>
</context>
<context>
    <name>ClaimsPanel</name>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="270"/>
        <source>Show &amp;all visits (also claimed and past the deadline)</source>
        <translation>모든 진료 보기 (청구한 것과 기한이 지난 것도)(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="272"/>
        <source>&amp;Policy...</source>
        <translation>보험 정보(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="273"/>
        <source>Your insurer, policy generation and deductibles, for the estimates</source>
        <translation>추정에 쓸 보험사, 보험 세대, 자기부담금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="283"/>
        <source>Visits to claim</source>
        <translation>청구할 진료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="286"/>
        <source>Medical visits</source>
        <translation>진료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="289"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="290"/>
        <source>Institution</source>
        <translation>의료기관</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="291"/>
        <source>Paid</source>
        <translation>낸 금액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="292"/>
        <source>Claimable (estimate)</source>
        <translation>청구 가능액 (추정)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="293"/>
        <source>Documents present</source>
        <translation>있는 서류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="294"/>
        <source>Documents missing</source>
        <translation>없는 서류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="295"/>
        <source>Deadline</source>
        <translation>청구 기한</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="296"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="315"/>
        <source>The chosen visit</source>
        <translation>선택한 진료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="317"/>
        <source>&amp;Mark as claimed</source>
        <translation>청구함으로 표시(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="318"/>
        <source>You claimed this visit yourself (on paper, an app, a website)</source>
        <translation>이 진료를 직접 청구했습니다 (서면, 앱, 웹사이트)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="320"/>
        <source>&amp;Not claimed</source>
        <translation>청구 안 함(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="321"/>
        <source>Remove the claimed mark of this visit</source>
        <translation>이 진료의 청구 표시를 지웁니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="323"/>
        <source>P&amp;repare claim...</source>
        <translation>청구 준비(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="325"/>
        <source>A signed bundle of this visit&apos;s records and receipts for your insurer, after you review it</source>
        <translation>검토한 뒤 이 진료의 기록과 영수증을 서명한 묶음으로 보험사에 보냅니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="329"/>
        <source>Estimates from your own records; the insurer decides what it pays.</source>
        <translation>내 기록으로 낸 추정이며, 지급액은 보험사가 정합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="364"/>
        <source>Looking for medical visits...</source>
        <translation>진료를 찾는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="377"/>
        <source>The visits could not be found: {error}</source>
        <translation>진료를 찾을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="412"/>
        <location filename="../../wallet/ui/claims_view.py" line="414"/>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="416"/>
        <source>about {amount}</source>
        <translation>약 {amount}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="418"/>
        <source>{amount} before deductibles</source>
        <translation>자기부담금 공제 전 {amount}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="419"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="422"/>
        <source>{date} ({n} days left)</source>
        <translation>{date} ({n}일 남음)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="424"/>
        <source>{date} (passed)</source>
        <translation>{date} (지남)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="427"/>
        <source>about {deadline}</source>
        <translation>약 {deadline}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="430"/>
        <source>{status} on {date}</source>
        <translation>{date} {status}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="432"/>
        <source>{status}; check the details</source>
        <translation>{status}; 자세한 내용 확인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="435"/>
        <source>{date} (payment date)</source>
        <translation>{date} (결제일)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="457"/>
        <source>No medical visits found. Visits are found from card and bank payments to hospitals, clinics and pharmacies, hospital records (FHIR) and scanned receipts: import them first.</source>
        <translation>진료를 찾지 못했습니다. 병원·의원·약국에 낸 카드와 은행 결제, 병원 기록(FHIR), 스캔한 영수증에서 진료를 찾습니다. 먼저 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="463"/>
        <source>Visits to claim: {n} (within the 3-year claim period, no claim recorded).</source>
        <translation>청구할 진료: {n}건 (3년 청구 기간 안, 청구 기록 없음).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="465"/>
        <source>Visits: {total} in all, {n} still to claim.</source>
        <translation>진료: 모두 {total}건, 그중 청구할 것 {n}건.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="467"/>
        <source>No policy entered: amounts are before deductibles (use Policy... to enter yours).</source>
        <translation>보험 정보가 없어 자기부담금 공제 전 금액입니다 (보험 정보...에서 입력하세요).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="486"/>
        <source>{date} at {place}: estimate {basis}.</source>
        <translation>{date} {place}: 추정 {basis}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="490"/>
        <source>Paid {paid} at the institution and {pharmacy} at {name}.</source>
        <translation>의료기관에 {paid}, {name}에 {pharmacy}을 냈습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="496"/>
        <source>Billed in total (hospital records): {amount}.</source>
        <translation>청구 총액 (병원 기록): {amount}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="502"/>
        <source>Marked as claimed on {date} ({how}).</source>
        <translation>{date}에 청구함으로 표시 ({how}).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="507"/>
        <source>Only a payment: import the receipt or the hospital&apos;s records to prepare a claim.</source>
        <translation>결제 기록만 있습니다. 청구를 준비하려면 영수증이나 병원 기록을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="533"/>
        <source>Not changed</source>
        <translation>바뀌지 않음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="543"/>
        <source>Marked as claimed.</source>
        <translation>청구함으로 표시했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="552"/>
        <source>No longer marked as claimed.</source>
        <translation>청구 표시를 지웠습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="560"/>
        <source>the holder</source>
        <translation>본인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="571"/>
        <source>Policy saved.</source>
        <translation>보험 정보를 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="605"/>
        <source>Cannot prepare the claim</source>
        <translation>청구를 준비할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="628"/>
        <source>Wrote {path}; the visit is marked as claimed.</source>
        <translation>{path}에 저장했고, 진료를 청구함으로 표시했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="635"/>
        <source>Insurance &amp;claims</source>
        <translation>보험 청구(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="100"/>
        <source>Review what leaves your computer</source>
        <translation>내 컴퓨터에서 나가는 내용 검토</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="103"/>
        <source>Recipient:</source>
        <translation>받는 사람:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="104"/>
        <source>Purpose:</source>
        <translation>목적:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="105"/>
        <source>About:</source>
        <translation>대상자:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="107"/>
        <source>Until:</source>
        <translation>기한:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="108"/>
        <source>no expiry date (until you withdraw consent)</source>
        <translation>만료일 없음 (동의를 철회할 때까지)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="112"/>
        <source> + the underlying FHIR resources</source>
        <translation> + 원본 FHIR 리소스</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="113"/>
        <source>Format:</source>
        <translation>형식:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="113"/>
        <source>; signed ZIP bundle</source>
        <translation>; 서명된 ZIP 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="123"/>
        <source>Signed by your key:</source>
        <translation>서명한 내 키:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="116"/>
        <source>Signed by:</source>
        <translation>서명:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="117"/>
        <source>a new key made for this share only (it cannot be linked to you or to other shares)</source>
        <translation>이 공유만을 위해 새로 만든 키 (나 또는 다른 공유와 연결할 수 없습니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="127"/>
        <location filename="../../wallet/ui/share_consent.py" line="536"/>
        <source>Encrypted: only the holder of key {0} can open it.</source>
        <translation>암호화됨: 키 {0}의 소유자만 열 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="132"/>
        <source>NOT ENCRYPTED: anyone who gets hold of the file can read everything in it. Send it only over a channel you trust.</source>
        <translation>암호화되지 않음: 이 파일을 손에 넣은 사람은 누구나 모든 내용을 읽을 수 있습니다. 신뢰할 수 있는 경로로만 보내세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="138"/>
        <source>Encryption:</source>
        <translation>암호화:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="144"/>
        <source>Also sent, written by the wallet (data/summary.json): {title}</source>
        <translation>함께 보내는 지갑 작성 요약 (data/summary.json): {title}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="151"/>
        <source>The summary that is sent</source>
        <translation>보내는 요약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="165"/>
        <source>What</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="165"/>
        <source>Count</source>
        <translation>개수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="165"/>
        <source>Dates</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="165"/>
        <source>Sensitive</source>
        <translation>민감 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="165"/>
        <location filename="../../wallet/ui/share_consent.py" line="408"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="167"/>
        <source>Expand a record to see the values it sends</source>
        <translation>기록을 펼치면 보내는 값을 볼 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="179"/>
        <source>Identifying details sent (untick to leave out)</source>
        <translation>함께 보내는 신원 정보 (빼려면 선택 해제)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="192"/>
        <source>Show the values that leave</source>
        <translation>나가는 값 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="215"/>
        <source>I have reviewed what will be shared</source>
        <translation>공유할 내용을 검토했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="219"/>
        <source>Signing and writing the bundle...</source>
        <translation>공유 파일에 서명하고 저장하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="222"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="223"/>
        <source>Approve and create...</source>
        <translation>승인하고 만들기...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="334"/>
        <source>{key}, with your name: {name}</source>
        <translation>{key}, 이름 포함: {name}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="351"/>
        <source>sex (always sent when known):</source>
        <translation>성별 (알려진 경우 항상 보냄):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="353"/>
        <source>deceased (always sent when known):</source>
        <translation>사망 (알려진 경우 항상 보냄):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="371"/>
        <source>cannot be shown: {0}</source>
        <translation>표시할 수 없음: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="373"/>
        <source>male</source>
        <translation>남성</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="373"/>
        <source>female</source>
        <translation>여성</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="373"/>
        <source>other</source>
        <translation>기타</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="383"/>
        <location filename="../../wallet/ui/share_consent.py" line="386"/>
        <source>left out</source>
        <translation>빠짐</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="383"/>
        <source>shown with each record</source>
        <translation>각 기록에 표시됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="388"/>
        <source>not known, not sent</source>
        <translation>알 수 없음, 보내지 않음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="406"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="407"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="409"/>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="410"/>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="411"/>
        <source>Files</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="419"/>
        <source>Not sent: it has no place in a patient summary (IPS) document.</source>
        <translation>보내지 않음: 환자 요약(IPS) 문서에 들어갈 자리가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="421"/>
        <source>Sent as a FHIR resource with these values:</source>
        <translation>다음 값으로 FHIR 리소스로 보냅니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="423"/>
        <source>Sent as a wallet record with these values:</source>
        <translation>다음 값으로 지갑 기록으로 보냅니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="458"/>
        <source>{0} records will leave your computer</source>
        <translation>기록 {0}개가 내 컴퓨터에서 나갑니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="460"/>
        <source> ({0} left out by you)</source>
        <translation> (내가 제외한 {0}개)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="464"/>
        <source>Sensitive: this share includes {0} information (highlighted below).</source>
        <translation>민감 정보: 이 공유에는 {0} 정보가 들어 있습니다 (아래에 강조 표시).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="483"/>
        <source>Save the share bundle</source>
        <translation>공유 파일 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="485"/>
        <source>Share bundle (*{0})</source>
        <translation>공유 파일 (*{0})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="499"/>
        <source>File exists</source>
        <translation>파일이 이미 있음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="499"/>
        <source>{0} already exists; choose another name.</source>
        <translation>{0} 파일이 이미 있습니다. 다른 이름을 정하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="531"/>
        <source>The share bundle for {0} was saved as:</source>
        <translation>{0}에게 보낼 공유 번들을 다음 파일로 저장했습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="532"/>
        <source>{0} records.</source>
        <translation>기록 {0}건.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="534"/>
        <source>{0} samples of measurement series.</source>
        <translation>측정 시계열 표본 {0}개.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="538"/>
        <source>Not encrypted: send it only over a channel you trust.</source>
        <translation>암호화되지 않음: 믿을 수 있는 경로로만 보내세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="542"/>
        <source>Share bundle saved</source>
        <translation>공유 번들 저장됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="550"/>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_consent.py" line="566"/>
        <source>The bundle was not created</source>
        <translation>공유 파일을 만들지 못했습니다</translation>
    </message>
</context>
<context>
    <name>CsvProfilesDialog</name>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="251"/>
        <location filename="../../connectors/bank_csv/qt.py" line="252"/>
        <location filename="../../connectors/bank_csv/qt.py" line="289"/>
        <source>CSV profiles</source>
        <translation>CSV 프로필</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="287"/>
        <source>Profiles:</source>
        <translation>프로필:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="292"/>
        <source>Edit a copy</source>
        <translation>사본 편집</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="293"/>
        <source>Edit a copy of the profile</source>
        <translation>프로필 사본 편집</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="305"/>
        <source>Profile state</source>
        <translation>프로필 상태</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="330"/>
        <source>Profile name</source>
        <translation>프로필 이름</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="331"/>
        <source>letters, digits, _ . -</source>
        <translation>영문자, 숫자, _ . -</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="333"/>
        <source>Profile description</source>
        <translation>프로필 설명</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="336"/>
        <source>Encoding</source>
        <translation>인코딩</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="337"/>
        <source>(detect)</source>
        <translation>(자동 감지)</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="341"/>
        <source>Delimiter</source>
        <translation>구분자</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="343"/>
        <location filename="../../connectors/bank_csv/qt.py" line="367"/>
        <location filename="../../connectors/bank_csv/qt.py" line="373"/>
        <source>comma ,</source>
        <translation>쉼표 ,</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="344"/>
        <source>semicolon ;</source>
        <translation>세미콜론 ;</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="345"/>
        <source>tab</source>
        <translation>탭</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="346"/>
        <source>bar |</source>
        <translation>세로 막대 |</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="351"/>
        <source>Lines to skip</source>
        <translation>건너뛸 줄 수</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="352"/>
        <location filename="../../connectors/bank_csv/qt.py" line="353"/>
        <source>The file has a header row</source>
        <translation>파일에 머리글 행이 있음</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="355"/>
        <source>Column names without header</source>
        <translation>머리글이 없을 때의 열 이름</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="356"/>
        <source>comma-separated, for files without header</source>
        <translation>쉼표로 구분, 머리글이 없는 파일용</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="358"/>
        <source>Header signature</source>
        <translation>식별 머리글</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="359"/>
        <source>header cells that identify the layout, comma-separated</source>
        <translation>파일 형식을 알아보는 머리글 칸, 쉼표로 구분</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="361"/>
        <source>Date formats</source>
        <translation>날짜 형식</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="362"/>
        <source>e.g. %d.%m.%Y | %Y-%m-%d</source>
        <translation>예: %d.%m.%Y | %Y-%m-%d</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="364"/>
        <source>Time zone</source>
        <translation>시간대</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="366"/>
        <source>Decimal separator</source>
        <translation>소수점 기호</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="367"/>
        <location filename="../../connectors/bank_csv/qt.py" line="374"/>
        <source>point .</source>
        <translation>마침표 .</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="370"/>
        <source>Thousands separator</source>
        <translation>천 단위 구분 기호</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="372"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="375"/>
        <source>space</source>
        <translation>공백</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="376"/>
        <source>apostrophe &apos;</source>
        <translation>아포스트로피 &apos;</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="379"/>
        <source>Spending is shown as positive numbers</source>
        <translation>지출이 양수로 표시됨</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="380"/>
        <source>Invert the sign</source>
        <translation>부호 반전</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="382"/>
        <source>Fixed currency</source>
        <translation>고정 통화</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="383"/>
        <source>when there is no currency column, e.g. EUR</source>
        <translation>통화 열이 없을 때, 예: EUR</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="385"/>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="386"/>
        <location filename="../../connectors/bank_csv/qt.py" line="447"/>
        <source>Description:</source>
        <translation>설명:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="387"/>
        <source>Encoding:</source>
        <translation>인코딩:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="388"/>
        <source>Delimiter:</source>
        <translation>구분자:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="389"/>
        <source>Skip lines:</source>
        <translation>건너뛸 줄:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="391"/>
        <source>Column names:</source>
        <translation>열 이름:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="392"/>
        <source>Signature:</source>
        <translation>식별 머리글:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="393"/>
        <source>Date formats:</source>
        <translation>날짜 형식:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="394"/>
        <source>Time zone:</source>
        <translation>시간대:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="395"/>
        <source>Decimal:</source>
        <translation>소수점:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="396"/>
        <source>Thousands:</source>
        <translation>천 단위:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="398"/>
        <location filename="../../connectors/bank_csv/qt.py" line="412"/>
        <source>Currency:</source>
        <translation>통화:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="403"/>
        <source>Columns</source>
        <translation>열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="406"/>
        <source>Date:</source>
        <translation>날짜:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="407"/>
        <source>Time:</source>
        <translation>시각:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="408"/>
        <source>Amount:</source>
        <translation>금액:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="409"/>
        <source>Debit (out):</source>
        <translation>출금액:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="410"/>
        <source>Credit (in):</source>
        <translation>입금액:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="411"/>
        <source>Debit/credit flag:</source>
        <translation>입출금 구분:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="413"/>
        <source>Balance:</source>
        <translation>잔액:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="414"/>
        <source>Transaction id:</source>
        <translation>거래 ID:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="415"/>
        <source>Category:</source>
        <translation>분류:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="418"/>
        <source>Date column</source>
        <translation>날짜 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="419"/>
        <source>Time column</source>
        <translation>시각 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="420"/>
        <source>Amount column</source>
        <translation>금액 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="421"/>
        <source>Debit column</source>
        <translation>출금액 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="422"/>
        <source>Credit column</source>
        <translation>입금액 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="423"/>
        <source>Debit or credit flag column</source>
        <translation>입출금 구분 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="424"/>
        <source>Currency column</source>
        <translation>통화 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="425"/>
        <source>Balance column</source>
        <translation>잔액 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="426"/>
        <source>Transaction id column</source>
        <translation>거래 ID 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="427"/>
        <source>Category column</source>
        <translation>분류 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="437"/>
        <source>Payee columns</source>
        <translation>거래처 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="438"/>
        <source>first non-empty wins, comma-separated</source>
        <translation>비어 있지 않은 첫 열 사용, 쉼표로 구분</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="440"/>
        <source>Description columns</source>
        <translation>설명 열</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="441"/>
        <source>joined, comma-separated</source>
        <translation>이어 붙임, 쉼표로 구분</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="443"/>
        <source>Debit flag values</source>
        <translation>출금 구분 값</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="445"/>
        <source>Credit flag values</source>
        <translation>입금 구분 값</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="446"/>
        <source>Payee:</source>
        <translation>거래처:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="448"/>
        <source>Debit values:</source>
        <translation>출금 값:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="449"/>
        <source>Credit values:</source>
        <translation>입금 값:</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="455"/>
        <source>Preview with a CSV file...</source>
        <translation>CSV 파일로 미리 보기...</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="456"/>
        <source>Choose a CSV file for the preview</source>
        <translation>미리 보기에 쓸 CSV 파일 선택</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="458"/>
        <source>No file chosen.</source>
        <translation>선택한 파일이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="459"/>
        <source>Preview file</source>
        <translation>미리 보기 파일</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="754"/>
        <source>Statements (*.csv *.txt *.tsv *.dat *.xlsx *.xls);;All files (*)</source>
        <translation>거래내역 파일 (*.csv *.txt *.tsv *.dat *.xlsx *.xls);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="320"/>
        <source>Preview status</source>
        <translation>미리 보기 상태</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="467"/>
        <source>Preview of the parsed rows</source>
        <translation>읽은 행 미리 보기</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="470"/>
        <source>Line</source>
        <translation>줄</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="471"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="472"/>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="473"/>
        <source>Currency</source>
        <translation>통화</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="474"/>
        <source>Payee</source>
        <translation>거래처</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="475"/>
        <source>Description or problem</source>
        <translation>설명 또는 문제</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="486"/>
        <location filename="../../connectors/bank_csv/qt.py" line="487"/>
        <source>Save profile</source>
        <translation>프로필 저장</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="489"/>
        <source>Save and import this file</source>
        <translation>저장하고 이 파일 가져오기</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="490"/>
        <source>Save the profile and import the file</source>
        <translation>프로필을 저장하고 파일 가져오기</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="492"/>
        <location filename="../../connectors/bank_csv/qt.py" line="493"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="547"/>
        <source>Editing a profile of your own. Save it to use it for imports.</source>
        <translation>내 프로필을 편집하는 중입니다. 가져오기에 쓰려면 저장하세요.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="550"/>
        <source>Viewing {name}. Choose &quot;Edit a copy&quot; to change it.</source>
        <translation>{name} 프로필을 보는 중입니다. 바꾸려면 &quot;사본 편집&quot;을 누르세요.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="553"/>
        <source>Choose a profile on the left.</source>
        <translation>왼쪽에서 프로필을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="665"/>
        <source>{name} (yours)</source>
        <translation>{name} (내 프로필)</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="752"/>
        <source>CSV file for the preview</source>
        <translation>미리 보기용 CSV 파일</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="766"/>
        <location filename="../../connectors/bank_csv/qt.py" line="794"/>
        <source>Cannot read the file: {error}</source>
        <translation>파일을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="769"/>
        <source>{name} (first {n} rows are parsed)</source>
        <translation>{name} (처음 {n}개 행만 읽음)</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="782"/>
        <source>The profile is not complete: {problems}</source>
        <translation>프로필이 완성되지 않았습니다: {problems}</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="786"/>
        <source>Choose a CSV file to see how this profile reads it.</source>
        <translation>이 프로필로 어떻게 읽히는지 보려면 CSV 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="798"/>
        <source>Read as {encoding}: {n} rows shown, {bad} with problems.</source>
        <translation>{encoding} 인코딩으로 읽음: 행 {n}개 표시, 그중 {bad}개에 문제가 있습니다.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="809"/>
        <source>problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="824"/>
        <location filename="../../connectors/bank_csv/qt.py" line="828"/>
        <location filename="../../connectors/bank_csv/qt.py" line="835"/>
        <source>Profile not saved</source>
        <translation>프로필을 저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="829"/>
        <source>{name} is the name of a built-in profile; choose another name.</source>
        <translation>기본 제공 프로필에 이미 {name} 이름이 있습니다. 다른 이름을 정하세요.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="840"/>
        <source>Saved {name} in the vault.</source>
        <translation>{name} 프로필을 금고에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>DeleteDialog</name>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="53"/>
        <location filename="../../wallet/ui/delete_dialog.py" line="100"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="58"/>
        <source>A person, with all their records</source>
        <translation>사람 (그 사람의 모든 기록 포함)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="59"/>
        <source>A source: everything one import brought</source>
        <translation>출처: 한 번의 가져오기로 들어온 모든 것</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="60"/>
        <source>The whole vault</source>
        <translation>금고 전체</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="62"/>
        <source>Person to delete</source>
        <translation>삭제할 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="67"/>
        <source>Import to delete</source>
        <translation>삭제할 가져오기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="94"/>
        <source>Type the confirmation</source>
        <translation>확인 문구 입력</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="125"/>
        <source>Also delete this vault&apos;s backups on: {targets}</source>
        <translation>다음 대상에 있는 이 보관함의 백업도 삭제: {targets}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="126"/>
        <source>Also replace the backups on {targets}: a new backup without them, older ones deleted</source>
        <translation>{targets}의 백업도 바꾸기: 삭제한 내용이 빠진 새 백업을 만들고 이전 백업은 삭제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="132"/>
        <source>Copies in backups remain until those backups are deleted too.</source>
        <translation>백업에 있는 사본은 그 백업도 삭제할 때까지 남아 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="135"/>
        <source>mydata-wallet backup prune deletes old backups; delete the others where they are kept.</source>
        <translation>mydata-wallet backup prune으로 오래된 백업을 삭제하고, 나머지는 보관된 곳에서 직접 삭제하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="148"/>
        <source>{name} and every record, document and share receipt of theirs will be deleted.</source>
        <translation>{name} 님과 그 사람의 모든 기록, 문서, 공유 영수증이 삭제됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="152"/>
        <source>Every record this import brought will be deleted: {source}</source>
        <translation>이 가져오기로 들어온 모든 기록이 삭제됩니다: {source}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="157"/>
        <source>The whole vault will be deleted: the key file and the key remembered on this computer are destroyed first, so what is left cannot be decrypted, then the database. This cannot be undone, and it cannot be recorded in the vault&apos;s audit log, which is deleted with it.</source>
        <translation>금고 전체가 삭제됩니다. 먼저 키 파일과 이 컴퓨터에 기억된 키를 파기하여 남은 내용을 아무도 복호화할 수 없게 한 뒤, 데이터베이스를 삭제합니다. 되돌릴 수 없으며, 금고와 함께 삭제되는 감사 로그에는 이 삭제를 기록할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="164"/>
        <source>Type {word} to confirm</source>
        <translation>확인하려면 {word}을(를) 입력하세요</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="180"/>
        <source>Deleting...</source>
        <translation>삭제하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="202"/>
        <source>Deleted {n} records.</source>
        <translation>기록 {n}개를 삭제했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="204"/>
        <source>Backups</source>
        <translation>백업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="211"/>
        <source>Nothing was deleted: {error}</source>
        <translation>아무것도 삭제하지 않았습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="221"/>
        <source>Deleting the backups...</source>
        <translation>백업을 삭제하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="231"/>
        <source>The vault was not deleted, because some backups could not be deleted:</source>
        <translation>일부 백업을 삭제할 수 없어 보관함을 삭제하지 않았습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="254"/>
        <source>The vault was deleted, and its backups:</source>
        <translation>보관함과 그 백업을 삭제했습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="256"/>
        <source>The vault was deleted.</source>
        <translation>금고를 삭제했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="259"/>
        <source>Vault deleted</source>
        <translation>금고 삭제됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="275"/>
        <source>{target}: {n} backups deleted.</source>
        <translation>{target}: 백업 {n}개를 삭제했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="295"/>
        <source>{target}: backed up anew, {n} older backups deleted.</source>
        <translation>{target}: 새로 백업하고 이전 백업 {n}개를 삭제했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/delete_dialog.py" line="301"/>
        <source>{target}: the older backups remain: {error}</source>
        <translation>{target}: 이전 백업이 남아 있습니다: {error}</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../wallet/ui/detail.py" line="218"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="67"/>
        <source>Record details</source>
        <translation>기록 세부 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="76"/>
        <source>Record summary</source>
        <translation>기록 요약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="80"/>
        <location filename="../../wallet/ui/detail.py" line="81"/>
        <source>Copy value</source>
        <translation>값 복사</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="82"/>
        <source>Copy the value; the clipboard is cleared after 30 seconds</source>
        <translation>값을 복사합니다. 클립보드는 30초 후에 지워집니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="87"/>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="91"/>
        <location filename="../../wallet/ui/detail.py" line="92"/>
        <source>Provenance</source>
        <translation>출처 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="98"/>
        <location filename="../../wallet/ui/detail.py" line="117"/>
        <location filename="../../wallet/ui/detail.py" line="140"/>
        <source>Attachments</source>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="103"/>
        <source>Attachment preview</source>
        <translation>첨부 파일 미리 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="110"/>
        <source>Save attachment as...</source>
        <translation>첨부 파일을 다른 이름으로 저장...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="111"/>
        <source>Save attachment as</source>
        <translation>첨부 파일을 다른 이름으로 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="112"/>
        <source>Writes the attachment, unencrypted, to a file you choose</source>
        <translation>첨부 파일을 암호화하지 않은 상태로, 선택한 파일에 저장합니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="122"/>
        <location filename="../../wallet/ui/detail.py" line="124"/>
        <source>Original data</source>
        <translation>원본 데이터</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="137"/>
        <source>Select a record to see it here.</source>
        <translation>기록을 선택하면 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="148"/>
        <source>Attachments ({n})</source>
        <translation>첨부 파일 ({n})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="154"/>
        <source>Area</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="155"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="156"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="157"/>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="158"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="167"/>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="168"/>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="173"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="180"/>
        <source>Day</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="181"/>
        <source>Measured by</source>
        <translation>측정한 기기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="182"/>
        <source>Samples</source>
        <translation>샘플</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="190"/>
        <source>The first {n} samples are listed.</source>
        <translation>처음 {n}개 샘플을 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="204"/>
        <source>Reading</source>
        <translation>측정값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="209"/>
        <source>Same reading from</source>
        <translation>같은 측정값의 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="210"/>
        <source>{sources} (counted once, from {main})</source>
        <translation>{sources} ({main}의 값으로 한 번만 셈)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="219"/>
        <source>Source file</source>
        <translation>원본 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="220"/>
        <source>Connector</source>
        <translation>커넥터</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="221"/>
        <source>Original id</source>
        <translation>원본 ID</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="222"/>
        <source>Imported</source>
        <translation>가져온 시각</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="223"/>
        <source>Source SHA-256</source>
        <translation>원본 SHA-256</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="227"/>
        <source>Verification</source>
        <translation>검증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="232"/>
        <source>Warnings</source>
        <translation>경고</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="236"/>
        <source>No warnings.</source>
        <translation>경고가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="254"/>
        <source>This image cannot be shown.</source>
        <translation>이 이미지를 표시할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="258"/>
        <source>{type} cannot be previewed here. Use &quot;Save attachment as...&quot; to open it with another program.</source>
        <translation>{type} 형식은 여기에서 미리 볼 수 없습니다. &quot;첨부 파일을 다른 이름으로 저장...&quot;으로 저장한 뒤 다른 프로그램으로 여세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="272"/>
        <source>Save attachment</source>
        <translation>첨부 파일 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="291"/>
        <source>Could not save</source>
        <translation>저장할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>DocumentsView</name>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="119"/>
        <location filename="../../wallet/ui/documents_view.py" line="120"/>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="141"/>
        <source>Add document...</source>
        <translation>문서 추가...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="142"/>
        <source>Add document</source>
        <translation>문서 추가</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="144"/>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="145"/>
        <source>Export the document</source>
        <translation>문서 내보내기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="146"/>
        <source>Write an unencrypted copy of the file (recorded in the audit log)</source>
        <translation>파일의 암호화되지 않은 사본을 저장합니다 (감사 기록에 남습니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="148"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="149"/>
        <source>Refresh the documents</source>
        <translation>문서 새로 고침</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="152"/>
        <source>Documents status</source>
        <translation>문서 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="160"/>
        <source>Document list</source>
        <translation>문서 목록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="169"/>
        <source>Document preview</source>
        <translation>문서 미리 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="176"/>
        <source>Pages</source>
        <translation>페이지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="177"/>
        <source>Preview</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="180"/>
        <source>Extracted text</source>
        <translation>추출한 텍스트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="181"/>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="187"/>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="190"/>
        <source>Document type</source>
        <translation>문서 종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="194"/>
        <source>Issuer</source>
        <translation>발행처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="196"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="197"/>
        <source>Document date</source>
        <translation>문서 날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="199"/>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="201"/>
        <source>e.g. KRW, USD</source>
        <translation>예: KRW, USD</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="202"/>
        <source>Currency</source>
        <translation>통화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="204"/>
        <source>comma-separated</source>
        <translation>쉼표로 구분</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="205"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="206"/>
        <source>Type:</source>
        <translation>종류:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="207"/>
        <source>Issuer:</source>
        <translation>발행처:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="208"/>
        <source>Date:</source>
        <translation>날짜:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="209"/>
        <source>Amount:</source>
        <translation>금액:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="210"/>
        <source>Currency:</source>
        <translation>통화:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="211"/>
        <source>Tags:</source>
        <translation>태그:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="214"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="215"/>
        <source>File:</source>
        <translation>파일:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="216"/>
        <location filename="../../wallet/ui/documents_view.py" line="217"/>
        <source>Save details</source>
        <translation>세부 정보 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="222"/>
        <location filename="../../wallet/ui/documents_view.py" line="225"/>
        <source>Linked records</source>
        <translation>연결된 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="228"/>
        <source>Unlink</source>
        <translation>연결 해제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="229"/>
        <source>Unlink the selected record</source>
        <translation>선택한 기록 연결 해제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="233"/>
        <location filename="../../wallet/ui/documents_view.py" line="234"/>
        <source>Search records to link</source>
        <translation>연결할 기록 검색</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="239"/>
        <source>Records found</source>
        <translation>검색된 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="242"/>
        <source>Link</source>
        <translation>연결</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="243"/>
        <source>Link the selected record</source>
        <translation>선택한 기록 연결</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="262"/>
        <source>Receipt</source>
        <translation>영수증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="263"/>
        <source>Medical bill</source>
        <translation>진료비 계산서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="264"/>
        <source>Prescription</source>
        <translation>처방전</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="265"/>
        <source>Certificate</source>
        <translation>증명서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="266"/>
        <source>Tax document</source>
        <translation>세금 서류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="267"/>
        <source>Business registration</source>
        <translation>사업자등록증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="268"/>
        <source>Contract</source>
        <translation>계약서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="269"/>
        <source>Other document</source>
        <translation>기타 문서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="280"/>
        <source>no date</source>
        <translation>날짜 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="297"/>
        <source>Reading documents...</source>
        <translation>문서를 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="319"/>
        <source>{n} documents</source>
        <translation>문서 {n}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="330"/>
        <source>Something went wrong: {error}</source>
        <translation>문제가 발생했습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="400"/>
        <source>Page {n}</source>
        <translation>{n}페이지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="406"/>
        <source>HEIC images are stored but not shown here. Export the file to open it.</source>
        <translation>HEIC 이미지는 보관되지만 여기에는 표시되지 않습니다. 열려면 파일을 내보내세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="409"/>
        <source>This PDF cannot be shown here (pdftoppm from poppler is needed, or the file is damaged).</source>
        <translation>이 PDF는 여기에 표시할 수 없습니다 (poppler의 pdftoppm이 필요하거나 파일이 손상되었습니다).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="412"/>
        <source>No preview for this file.</source>
        <translation>이 파일은 미리 볼 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="419"/>
        <source>(no text was extracted from this document)</source>
        <translation>(이 문서에서 추출한 텍스트가 없습니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="437"/>
        <source>Guessed from the document: check it</source>
        <translation>문서에서 추정한 값입니다. 확인하세요</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="440"/>
        <source>{name} ({media}, {kb} KB)</source>
        <translation>{name} ({media}, {kb} KB)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="480"/>
        <source>Details not saved</source>
        <translation>세부 정보를 저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="483"/>
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="527"/>
        <source>Not linked</source>
        <translation>연결하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="542"/>
        <source>Not unlinked</source>
        <translation>연결을 해제하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="552"/>
        <source>Add documents</source>
        <translation>문서 추가</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="554"/>
        <source>Documents (*.pdf *.jpg *.jpeg *.png *.heic *.heif);;All files (*)</source>
        <translation>문서 (*.pdf *.jpg *.jpeg *.png *.heic *.heif);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="565"/>
        <source>Export document</source>
        <translation>문서 내보내기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="591"/>
        <source>Not exported</source>
        <translation>내보내지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="583"/>
        <source>Document exported</source>
        <translation>문서를 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/documents_view.py" line="584"/>
        <source>An unencrypted copy was written to {path}. The export is recorded in the audit log.</source>
        <translation>암호화되지 않은 사본을 {path}에 저장했습니다. 내보낸 사실은 감사 기록에 남습니다.</translation>
    </message>
</context>
<context>
    <name>Domains</name>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="79"/>
        <source>Health</source>
        <translation>건강</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="80"/>
        <source>Fitness</source>
        <translation>운동</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="81"/>
        <source>Finance</source>
        <translation>금융</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="82"/>
        <source>Energy</source>
        <translation>에너지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="83"/>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="84"/>
        <source>Profile</source>
        <translation>프로필</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="85"/>
        <source>Social and entertainment</source>
        <translation>소셜·엔터테인먼트</translation>
    </message>
</context>
<context>
    <name>DropTarget</name>
    <message>
        <location filename="../../wallet/ui/home.py" line="160"/>
        <location filename="../../wallet/ui/home.py" line="163"/>
        <source>Drop files here</source>
        <translation>여기에 파일을 끌어다 놓으세요</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="169"/>
        <source>Exports, statements, records and PDFs: the wallet finds out what each file is.</source>
        <translation>내보낸 파일, 명세서, 기록, PDF: 지갑이 각 파일이 무엇인지 알아냅니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="172"/>
        <source>Choose files...</source>
        <translation>파일 선택...</translation>
    </message>
</context>
<context>
    <name>EmergencyDialog</name>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="164"/>
        <location filename="../../wallet/ui/emergency_dialog.py" line="416"/>
        <location filename="../../wallet/ui/emergency_dialog.py" line="495"/>
        <location filename="../../wallet/ui/emergency_dialog.py" line="566"/>
        <source>Emergency record</source>
        <translation>응급 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="170"/>
        <source>A printed emergency record is a disclosure: anyone holding the paper can read it. Untick what should not be printed, check the preview, then approve.</source>
        <translation>인쇄한 응급 기록은 정보를 공개하는 것과 같습니다. 종이를 가진 사람은 누구나 읽을 수 있습니다. 인쇄하지 않을 항목은 선택을 해제하고, 미리 보기를 확인한 다음 승인하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="180"/>
        <source> (you)</source>
        <translation> (본인)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="183"/>
        <source>Person</source>
        <translation>사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="187"/>
        <source>Languages</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="189"/>
        <source>A4 page</source>
        <translation>A4 용지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="190"/>
        <source>Letter page</source>
        <translation>레터 용지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="191"/>
        <source>Wallet card (fold-out, on an A4 sheet)</source>
        <translation>지갑 카드 (A4 한 장에 인쇄해 접는 형태)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="192"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="194"/>
        <source>Add a SMART Health Card QR code, signed with your own key (self-issued, not by a clinic)</source>
        <translation>내 키로 서명한 SMART Health Card QR 코드 추가 (의료기관 발급이 아닌 본인 발급)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="201"/>
        <source>What will be printed (untick to leave out)</source>
        <translation>인쇄할 항목 (빼려면 선택 해제)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="221"/>
        <source>I have checked what will be printed</source>
        <translation>인쇄할 내용을 확인했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="229"/>
        <source>Working...</source>
        <translation>처리 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="233"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="237"/>
        <source>Approve and save PDF...</source>
        <translation>승인하고 PDF 저장...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="240"/>
        <source>Approve and print...</source>
        <translation>승인하고 인쇄...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="376"/>
        <source>(entered by you)</source>
        <translation>(본인 입력)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="425"/>
        <source>Preview of the page as it will be printed.</source>
        <translation>인쇄될 모습 그대로의 미리 보기입니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="436"/>
        <source>Simplified preview drawn from the summary: this computer has no PDF renderer (pdftoppm). It shows the same items and QR code; the saved PDF has the full bilingual layout, and printing from here prints this simplified page.</source>
        <translation>요약 정보로 그린 간단한 미리 보기입니다. 이 컴퓨터에는 PDF 렌더러(pdftoppm)가 없습니다. 항목과 QR 코드는 같으며, 저장한 PDF에는 한영 병기 전체 레이아웃이 들어가고, 여기서 인쇄하면 이 간단한 페이지가 인쇄됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/emergency_dialog.py" line="502"/>
        <source>Save the emergency record</source>
        <translation>응급 기록 저장</translation>
    </message>
</context>
<context>
    <name>EncodingDialog</name>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="118"/>
        <location filename="../../connectors/bank_csv/qt.py" line="119"/>
        <source>Choose the text encoding</source>
        <translation>텍스트 인코딩 선택</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="124"/>
        <source>The wallet cannot tell for sure how the text of {name} is encoded. Choose the version in which names and words read correctly; nothing is imported until you choose.</source>
        <translation>{name} 파일의 텍스트 인코딩을 확실히 알 수 없습니다. 이름과 글자가 올바르게 보이는 쪽을 고르세요. 고르기 전에는 아무것도 가져오지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="138"/>
        <source>Read as {encoding}</source>
        <translation>{encoding} 인코딩으로 읽기</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="145"/>
        <source>Text read as {encoding}</source>
        <translation>{encoding} 인코딩으로 읽은 텍스트</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="154"/>
        <location filename="../../connectors/bank_csv/qt.py" line="155"/>
        <source>Import with this encoding</source>
        <translation>이 인코딩으로 가져오기</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="157"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>EnergyChart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="946"/>
        <source>Bar chart of energy use</source>
        <translation>에너지 사용량 막대 차트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="958"/>
        <source>This period</source>
        <translation>이번 기간</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="959"/>
        <source>Same period a year before</source>
        <translation>1년 전 같은 기간</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="967"/>
        <source>{period}: {total} {unit}</source>
        <translation>{period}: {total} {unit}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="969"/>
        <source>(a year before: {total} {unit})</source>
        <translation>(1년 전: {total} {unit})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="978"/>
        <source>{unit} per month</source>
        <translation>월별 {unit}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="978"/>
        <source>{unit} per day</source>
        <translation>일별 {unit}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="979"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="979"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="983"/>
        <source>{name}, {first} to {last}</source>
        <translation>{name}, {first} ~ {last}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="985"/>
        <source>{name}, {month}</source>
        <translation>{name}, {month}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="986"/>
        <source>No readings to show.</source>
        <translation>표시할 측정값이 없습니다.</translation>
    </message>
</context>
<context>
    <name>EnergyView</name>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="446"/>
        <location filename="../../wallet/ui/energy_view.py" line="538"/>
        <source>Energy use</source>
        <translation>에너지 사용량</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="456"/>
        <source>Energy use and bill estimate</source>
        <translation>에너지 사용량과 요금 추정</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="459"/>
        <source>&amp;Use</source>
        <translation>사용량(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="461"/>
        <source>&amp;Bill estimate and saving plan</source>
        <translation>요금 추정과 절약 계획(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="465"/>
        <source>Commodity and unit</source>
        <translation>에너지 종류와 단위</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="468"/>
        <source>Totals per day or per month</source>
        <translation>일별 또는 월별 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="469"/>
        <source>Per day</source>
        <translation>일별</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="470"/>
        <source>Per month</source>
        <translation>월별</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="472"/>
        <source>Month whose days are shown</source>
        <translation>일별로 볼 달</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="474"/>
        <source>&amp;Series:</source>
        <translation>항목(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="475"/>
        <source>&amp;Totals:</source>
        <translation>합계(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="476"/>
        <source>&amp;Month:</source>
        <translation>월(&amp;M):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="484"/>
        <source>Reading energy use...</source>
        <translation>에너지 사용량을 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="486"/>
        <source>Energy summary</source>
        <translation>에너지 요약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="495"/>
        <source>Energy totals</source>
        <translation>에너지 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="502"/>
        <source>Bar chart of energy use</source>
        <translation>에너지 사용량 막대 그래프</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="536"/>
        <source>The energy readings could not be read.</source>
        <translation>에너지 검침 기록을 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="539"/>
        <source>The energy readings could not be read: {error}</source>
        <translation>에너지 검침 기록을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="549"/>
        <source>{commodity} ({unit})</source>
        <translation>{commodity} ({unit})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="561"/>
        <source>Electricity</source>
        <translation>전기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="562"/>
        <location filename="../../wallet/ui/energy_view.py" line="563"/>
        <source>Gas</source>
        <translation>가스</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="564"/>
        <source>Water</source>
        <translation>수도</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="565"/>
        <source>Energy</source>
        <translation>에너지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="613"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="613"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="614"/>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="615"/>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="616"/>
        <source>Readings</source>
        <translation>검침 횟수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="617"/>
        <source>Commodity</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="618"/>
        <source>Cost</source>
        <translation>요금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="652"/>
        <source>There are no energy readings in the vault for this person.</source>
        <translation>금고에 이 사람의 에너지 검침 기록이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/energy_view.py" line="656"/>
        <source>Total {total} {unit}; readings: {readings}; periods shown: {n} (the meter&apos;s local time).</source>
        <translation>합계 {total} {unit}, 검침 {readings}회, 표시 기간 {n}개 (계량기 현지 시각 기준).</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="41"/>
        <source>Export everything</source>
        <translation>전체 내보내기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="44"/>
        <source>Counting what will be written...</source>
        <translation>내보낼 항목을 세는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="49"/>
        <source>Export folder</source>
        <translation>내보낼 폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="50"/>
        <source>A new or empty folder</source>
        <translation>새 폴더 또는 빈 폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="53"/>
        <source>Choose...</source>
        <translation>선택...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="58"/>
        <source>Export progress</source>
        <translation>내보내기 진행률</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="65"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="80"/>
        <source>Export everything to</source>
        <translation>전체 내보내기 위치</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="106"/>
        <source>Writing...</source>
        <translation>쓰는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="135"/>
        <source>Wrote {n} files to {folder}, with a signed manifest.</source>
        <translation>파일 {n}개를 서명된 목록(manifest)과 함께 {folder}에 썼습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/export_dialog.py" line="147"/>
        <source>Nothing was exported: {error}</source>
        <translation>아무것도 내보내지 않았습니다: {error}</translation>
    </message>
</context>
<context>
    <name>FetchDialog</name>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="82"/>
        <source>Find studies on ClinicalTrials.gov</source>
        <translation>ClinicalTrials.gov에서 임상시험 찾기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="84"/>
        <source>e.g. type 2 diabetes, hypertension, breast cancer</source>
        <translation>예: type 2 diabetes, hypertension, breast cancer</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="86"/>
        <source>e.g. Korea, Republic of</source>
        <translation>예: Korea, Republic of</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="88"/>
        <source>e.g. Seoul</source>
        <translation>예: Seoul</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="90"/>
        <source>Recruiting</source>
        <translation>모집 중</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="91"/>
        <source>Recruiting or not yet recruiting</source>
        <translation>모집 중 또는 모집 예정</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="96"/>
        <source>The address that will be sent</source>
        <translation>보낼 주소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="98"/>
        <source>&amp;Condition:</source>
        <translation>질환(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="99"/>
        <source>C&amp;ountry:</source>
        <translation>국가(&amp;O):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="100"/>
        <source>C&amp;ity:</source>
        <translation>도시(&amp;I):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="101"/>
        <source>&amp;Status:</source>
        <translation>상태(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="104"/>
        <source>Only what you type here is sent, as this address, to ClinicalTrials.gov (the US National Library of Medicine&apos;s public registry). Nothing from your vault is sent; matching happens on this computer.</source>
        <translation>여기에 입력한 내용만 이 주소로 ClinicalTrials.gov(미국 국립의학도서관의 공개 등록부)에 보냅니다. 금고의 내용은 보내지 않으며, 비교는 이 컴퓨터에서 합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="110"/>
        <source>&amp;Send this request</source>
        <translation>이 요청 보내기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="116"/>
        <source>This exact address will be sent:</source>
        <translation>정확히 이 주소를 보냅니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="141"/>
        <source>(type a condition first)</source>
        <translation>(먼저 질환을 입력하세요)</translation>
    </message>
</context>
<context>
    <name>FinanceView</name>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="92"/>
        <location filename="../../wallet/ui/finance_view.py" line="120"/>
        <location filename="../../wallet/ui/finance_view.py" line="172"/>
        <source>Transactions</source>
        <translation>거래 내역</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="104"/>
        <source>&amp;Account:</source>
        <translation>계좌(&amp;A):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="106"/>
        <source>Account</source>
        <translation>계좌</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="113"/>
        <source>Reading transactions...</source>
        <translation>거래 내역을 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="115"/>
        <source>How the running balance is computed</source>
        <translation>잔액 계산 방식</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="119"/>
        <source>Transactions and totals</source>
        <translation>거래 내역과 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="121"/>
        <source>Totals by month</source>
        <translation>월별 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="122"/>
        <source>Totals by payee</source>
        <translation>거래처별 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="123"/>
        <source>&amp;Transactions</source>
        <translation>거래 내역(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="124"/>
        <source>By &amp;month</source>
        <translation>월별(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="125"/>
        <source>By &amp;payee</source>
        <translation>거래처별(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="170"/>
        <source>The transactions could not be read.</source>
        <translation>거래 내역을 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="173"/>
        <source>The transactions could not be read: {error}</source>
        <translation>거래 내역을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="181"/>
        <source>Unknown account</source>
        <translation>알 수 없는 계좌</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="183"/>
        <source>{account} ({currency}, {n} transactions)</source>
        <translation>{account} ({currency}, 거래 {n}건)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="192"/>
        <source>There are no bank transactions in the vault for this person.</source>
        <translation>금고에 이 사람의 은행 거래 내역이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="208"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="210"/>
        <location filename="../../wallet/ui/finance_view.py" line="239"/>
        <source>Payee</source>
        <translation>거래처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="217"/>
        <source>Running balance from the statement balance of {amount} {currency} on {date}.</source>
        <translation>잔액 계산 기준: {date} 명세서 잔액 {amount} {currency}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="221"/>
        <source>Running balance from the balance the file states after the transaction of {date}.</source>
        <translation>잔액 계산 기준: 파일에 적힌 {date} 거래 후 잔액.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="226"/>
        <source>No statement balance: the running balance is relative to the first transaction (it starts at 0).</source>
        <translation>명세서 잔액 없음: 잔액은 첫 거래를 기준으로 0에서 시작해 계산한 값입니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="230"/>
        <source>{n} rows differ from the balance stated in the file.</source>
        <translation>{n}개 행이 파일에 적힌 잔액과 다릅니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="238"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="240"/>
        <source>Memo</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="241"/>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="242"/>
        <source>Balance</source>
        <translation>잔액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="243"/>
        <location filename="../../wallet/ui/finance_view.py" line="273"/>
        <source>Currency</source>
        <translation>통화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="244"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="270"/>
        <source>In</source>
        <translation>입금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="271"/>
        <source>Out</source>
        <translation>출금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="272"/>
        <source>Net</source>
        <translation>순액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="274"/>
        <source>Transactions</source>
        <comment>column header: number of transactions</comment>
        <translation>거래 건수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/finance_view.py" line="278"/>
        <source>(no payee)</source>
        <translation>(거래처 없음)</translation>
    </message>
</context>
<context>
    <name>GeneratorDialog</name>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="162"/>
        <source>Generate a passphrase</source>
        <translation>암호 문구 생성</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="166"/>
        <source>Random words picked by the computer make a passphrase that is strong and easy to type. Write it down until you know it by heart.</source>
        <translation>컴퓨터가 무작위로 고른 단어들은 강하면서도 입력하기 쉬운 암호 문구가 됩니다. 외울 때까지 적어 두세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="174"/>
        <source>Word list</source>
        <translation>단어 목록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="178"/>
        <source>&amp;Words from:</source>
        <translation>단어 목록(&amp;W):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="182"/>
        <source>Number of words</source>
        <translation>단어 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="183"/>
        <source>&amp;Number of words:</source>
        <translation>단어 수(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="188"/>
        <source>Generated passphrase</source>
        <translation>생성된 암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="194"/>
        <source>&amp;Again</source>
        <translation>다시(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="195"/>
        <source>Generate another passphrase</source>
        <translation>다른 암호 문구 생성</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="202"/>
        <source>&amp;Use this passphrase</source>
        <translation>이 암호 문구 사용(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="216"/>
        <source>{n} words: {bits:.0f} bits of randomness.</source>
        <translation>단어 {n}개: 무작위성 {bits:.0f}비트.</translation>
    </message>
</context>
<context>
    <name>GoToDateDialog</name>
    <message>
        <location filename="../../wallet/ui/go_to_date.py" line="26"/>
        <source>Go to date</source>
        <translation>날짜로 이동</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/go_to_date.py" line="28"/>
        <source>Show the timeline from this day back, newest record first:</source>
        <translation>이 날짜부터 이전 기록을 최신순으로 보여 줍니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/go_to_date.py" line="34"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
</context>
<context>
    <name>GoalDialog</name>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="78"/>
        <source>Set a goal</source>
        <translation>목표 정하기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="80"/>
        <source>Steps a day</source>
        <translation>하루 걸음 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="81"/>
        <source>Weight (kg)</source>
        <translation>체중 (kg)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="82"/>
        <source>Blood pressure below (systolic/diastolic)</source>
        <translation>혈압 상한 (수축기/이완기)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="83"/>
        <source>Sleep a night (hours)</source>
        <translation>하루 수면 (시간)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="88"/>
        <source>&amp;Goal:</source>
        <translation>목표(&amp;G):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="89"/>
        <source>&amp;Target:</source>
        <translation>목표값(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="100"/>
        <source>For example 8000</source>
        <translation>예: 8000</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="101"/>
        <source>For example 65.5</source>
        <translation>예: 65.5</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="102"/>
        <source>For example 130/80</source>
        <translation>예: 130/80</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="103"/>
        <source>For example 7.5 or 7h30</source>
        <translation>예: 7.5 또는 7h30</translation>
    </message>
</context>
<context>
    <name>GoalsPanel</name>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="125"/>
        <source>Period of the trends</source>
        <translation>추세 기간</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="126"/>
        <source>30 days</source>
        <translation>30일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="126"/>
        <source>90 days</source>
        <translation>90일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="126"/>
        <source>1 year</source>
        <translation>1년</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="130"/>
        <source>&amp;Period:</source>
        <translation>기간(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="133"/>
        <source>Trends</source>
        <translation>추세</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="135"/>
        <source>Measurement</source>
        <translation>측정 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="136"/>
        <source>Average in the period</source>
        <translation>기간 평균</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="137"/>
        <source>Latest</source>
        <translation>최근 값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="138"/>
        <source>Against the same period last year</source>
        <translation>작년 같은 기간 대비</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="139"/>
        <source>Against your baseline</source>
        <translation>기준값 대비</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="140"/>
        <source>Per month</source>
        <translation>월별 변화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="146"/>
        <source>Your baseline is the average of your first 90 days of readings of each measurement. Changes are facts about your own readings, not advice.</source>
        <translation>기준값은 각 측정 항목의 첫 90일 기록의 평균입니다. 변화는 본인 기록에 대한 사실이며 조언이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="153"/>
        <source>Goals</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="153"/>
        <source>Goal</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="153"/>
        <source>Progress</source>
        <translation>진행</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="153"/>
        <source>Where you are</source>
        <translation>현재 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="158"/>
        <source>&amp;Add or change goal...</source>
        <translation>목표 추가 또는 변경(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="160"/>
        <source>&amp;Remove goal</source>
        <translation>목표 삭제(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="166"/>
        <source>Month of the summary</source>
        <translation>요약할 달</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="171"/>
        <source>Save summary as &amp;PDF...</source>
        <translation>요약을 PDF로 저장(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="172"/>
        <source>A printable summary of the month (it shows your data)</source>
        <translation>인쇄할 수 있는 월간 요약 (내 데이터가 담깁니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="174"/>
        <source>S&amp;hare summary...</source>
        <translation>요약 공유(&amp;H)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="175"/>
        <source>Send the summary and the records it was made from, after you review it</source>
        <translation>검토한 뒤 요약과 그 근거 기록을 보냅니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="188"/>
        <source>Your goals</source>
        <translation>내 목표</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="195"/>
        <source>Monthly summary:</source>
        <translation>월간 요약:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="234"/>
        <source>No readings in the last {days} days: shown are the {days} days up to your newest reading, on {day}. Your baseline is the average of your first 90 days of readings of each measurement.</source>
        <translation>최근 {days}일에는 기록이 없어, 가장 최근 기록일({day})까지 {days}일을 보여 줍니다. 기준값은 각 측정 항목의 첫 90일 기록의 평균입니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="254"/>
        <source>no data a year before</source>
        <translation>1년 전 자료 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="267"/>
        <source>No readings in this period. Choose a longer period.</source>
        <translation>이 기간에 기록이 없습니다. 더 긴 기간을 고르세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="283"/>
        <source>No goals yet</source>
        <translation>아직 목표가 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="285"/>
        <source>Add one: steps a day, a weight, a blood pressure, hours of sleep.</source>
        <translation>하루 걸음 수, 체중, 혈압, 수면 시간 중에서 목표를 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="290"/>
        <source>Could not read</source>
        <translation>읽을 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="306"/>
        <source>Goal not set</source>
        <translation>목표를 정하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="350"/>
        <source>Summary not saved</source>
        <translation>요약을 저장하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="357"/>
        <source>Save the monthly summary</source>
        <translation>월간 요약 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="359"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="363"/>
        <source>Summary saved</source>
        <translation>요약 저장됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="364"/>
        <source>The summary was saved to {path}. It holds your data: keep it safe.</source>
        <translation>요약을 {path}에 저장했습니다. 내 데이터가 담겨 있으니 안전하게 보관하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="396"/>
        <source>Cannot prepare the share</source>
        <translation>공유를 준비할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="410"/>
        <source>Share the monthly summary</source>
        <translation>월간 요약 공유</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/goals_panel.py" line="412"/>
        <source>Monthly health summary {month}</source>
        <translation>{month} 월간 건강 요약</translation>
    </message>
</context>
<context>
    <name>HealthChart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="539"/>
        <source>Chart of the measurement</source>
        <translation>측정값 차트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="541"/>
        <source>Period shown in the chart</source>
        <translation>차트에 표시할 기간</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="543"/>
        <source>30 days</source>
        <translation>30일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="543"/>
        <source>90 days</source>
        <translation>90일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="543"/>
        <source>1 year</source>
        <translation>1년</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="543"/>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="547"/>
        <source>The chart ends at the newest value</source>
        <translation>차트는 가장 최근 값에서 끝납니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="548"/>
        <source>&amp;Period:</source>
        <translation>기간(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="595"/>
        <source>{name} ({unit})</source>
        <translation>{name} ({unit})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="595"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="599"/>
        <source>{name}, {day}</source>
        <translation>{name}, {day}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="601"/>
        <source>{name}, {first} to {last}</source>
        <translation>{name}, {first} ~ {last}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="602"/>
        <source>No values to chart.</source>
        <translation>차트로 그릴 값이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="626"/>
        <source>Daily total</source>
        <translation>일별 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="632"/>
        <source>{day}: {value} {unit} in total · {source}</source>
        <translation>{day}: 합계 {value} {unit} · {source}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="641"/>
        <source>Systolic</source>
        <translation>수축기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="642"/>
        <source>Diastolic</source>
        <translation>이완기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="648"/>
        <source>{value} · {when} · {source}</source>
        <translation>{value} · {when} · {source}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="657"/>
        <source>Lowest to highest of the day</source>
        <translation>그날의 최저~최고</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="658"/>
        <source>Systolic, daily average</source>
        <translation>수축기, 일 평균</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="658"/>
        <source>Daily average</source>
        <translation>일 평균</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="660"/>
        <source>Diastolic, daily average</source>
        <translation>이완기, 일 평균</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="670"/>
        <source>{day}: average {avg} {unit} (lowest {low}, highest {high}; {count} values) · {source}</source>
        <translation>{day}: 평균 {avg} {unit} (최저 {low}, 최고 {high}; 값 {count}개) · {source}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="690"/>
        <source>all sources, each reading once</source>
        <translation>모든 출처, 측정마다 한 번씩</translation>
    </message>
</context>
<context>
    <name>HealthView</name>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="72"/>
        <source>Health measurements</source>
        <translation>건강 측정값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="80"/>
        <source>Measurement types</source>
        <translation>측정 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="84"/>
        <source>Daily summary</source>
        <translation>일별 요약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="85"/>
        <source>Each measurement</source>
        <translation>개별 측정값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="86"/>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="89"/>
        <location filename="../../wallet/ui/health_view.py" line="260"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="98"/>
        <source>Measurements</source>
        <translation>측정값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="108"/>
        <source>&amp;Show:</source>
        <translation>표시(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="110"/>
        <source>S&amp;ource:</source>
        <translation>출처(&amp;O):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="150"/>
        <source>Reading...</source>
        <translation>읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="159"/>
        <source>{name} ({count})</source>
        <translation>{name} ({count})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="161"/>
        <location filename="../../wallet/ui/health_view.py" line="250"/>
        <source>{name}: {count} values</source>
        <translation>{name}: 값 {count}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="164"/>
        <source>No measurements for this person yet. Import a health or fitness file.</source>
        <translation>이 사람의 측정값이 아직 없습니다. 건강 또는 운동 파일을 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="175"/>
        <source>Heart rate</source>
        <translation>심박수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="176"/>
        <source>Resting heart rate</source>
        <translation>안정 시 심박수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="177"/>
        <source>Blood pressure</source>
        <translation>혈압</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="178"/>
        <source>Blood pressure (systolic)</source>
        <translation>혈압 (수축기)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="179"/>
        <source>Blood pressure (diastolic)</source>
        <translation>혈압 (이완기)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="180"/>
        <source>Body weight</source>
        <translation>체중</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="181"/>
        <source>Body height</source>
        <translation>키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="182"/>
        <source>Body mass index</source>
        <translation>체질량지수 (BMI)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="183"/>
        <source>Steps</source>
        <translation>걸음 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="184"/>
        <source>Steps per day</source>
        <translation>하루 걸음 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="185"/>
        <source>Walking and running distance</source>
        <translation>걷기 및 달리기 거리</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="186"/>
        <source>Active energy</source>
        <translation>활동 에너지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="187"/>
        <source>Body temperature</source>
        <translation>체온</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="188"/>
        <source>Oxygen saturation (SpO2)</source>
        <translation>산소포화도 (SpO2)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="189"/>
        <source>Blood glucose</source>
        <translation>혈당</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="190"/>
        <source>Respiratory rate</source>
        <translation>호흡수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="196"/>
        <source>Other: {name}</source>
        <translation>기타: {name}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="218"/>
        <source>All sources</source>
        <translation>모든 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="260"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="260"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="260"/>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="268"/>
        <source>Also given by a preferred source: counted once, from that source</source>
        <translation>우선순위가 더 높은 출처에도 있는 값: 그 출처의 값으로 한 번만 셉니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="284"/>
        <source>Showing the newest {shown} of {total} values. The daily summary covers all of them.</source>
        <translation>값 {total}개 중 최근 {shown}개를 표시합니다. 일별 요약에는 모든 값이 반영됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="294"/>
        <source>Day</source>
        <translation>일자</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="306"/>
        <source>{avg} {unit}</source>
        <translation>{avg} {unit}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="308"/>
        <source>{avg} {unit} ({low}–{high})</source>
        <translation>{avg} {unit} ({low}–{high})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="317"/>
        <source>{source}, {day}: {count} values; lowest {low}, average {avg}, highest {high} {unit}</source>
        <translation>{source}, {day}: 값 {count}개, 최저 {low}, 평균 {avg}, 최고 {high} {unit}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="336"/>
        <source>One row per day (this computer&apos;s time zone), one column per source: the average, and the lowest and highest value of the day. Hover over a cell for the count.</source>
        <translation>하루에 한 행(이 컴퓨터의 시간대 기준), 출처마다 한 열로 그날의 평균과 최저·최고값을 보여 줍니다. 셀에 마우스를 올리면 값의 개수가 나옵니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/health_view.py" line="344"/>
        <source>Could not read the measurements: {error}</source>
        <translation>측정값을 읽을 수 없습니다: {error}</translation>
    </message>
</context>
<context>
    <name>Hints</name>
    <message>
        <location filename="../../wallet/ui/hints.py" line="33"/>
        <source>Type the password when the app asks; it is not stored.</source>
        <translation>앱이 물으면 비밀번호를 입력하세요. 비밀번호는 저장되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="35"/>
        <source>Choose an encoding ({choices}) when the app asks.</source>
        <translation>앱이 물으면 인코딩({choices})을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="38"/>
        <source>Choose an encoding for this file in Tools &gt; CSV profiles...</source>
        <translation>도구 &gt; CSV 프로필...에서 이 파일의 인코딩을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="40"/>
        <source>Set up a CSV profile for this file in Tools &gt; CSV profiles...</source>
        <translation>도구 &gt; CSV 프로필...에서 이 파일에 맞는 CSV 프로필을 설정하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="44"/>
        <source>Ask for a complete copy of the file.</source>
        <translation>파일의 완전한 사본을 요청하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="46"/>
        <source>Choose how to read the file when the app asks.</source>
        <translation>앱이 물으면 파일을 읽을 방법을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="48"/>
        <source>Choose whose records these are when the app asks.</source>
        <translation>앱이 물으면 누구의 기록인지 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="50"/>
        <source>Choose another file name, or agree to replace the file.</source>
        <translation>다른 파일 이름을 선택하거나 파일을 바꾸는 데 동의하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="52"/>
        <source>Choose one of the people in the vault.</source>
        <translation>금고에 있는 사람 중 한 명을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="56"/>
        <source>The command line&apos;s check of the vault shows what is affected.</source>
        <translation>명령줄의 금고 검사(check)로 어떤 데이터가 영향을 받았는지 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="58"/>
        <source>Create a new vault, or open the folder of an existing one.</source>
        <translation>새 금고를 만들거나 기존 금고의 폴더를 여세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="60"/>
        <source>Trust the issuer&apos;s key in Tools &gt; Trusted issuer keys...</source>
        <translation>도구 &gt; 신뢰하는 발급자 키...에서 발급자의 키를 신뢰하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="62"/>
        <source>Leave out only records that the share shows.</source>
        <translation>공유에 표시된 기록만 제외하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="64"/>
        <source>Choose the records to share.</source>
        <translation>공유할 기록을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/hints.py" line="66"/>
        <source>Choose the recipient&apos;s private key file.</source>
        <translation>받는 사람의 개인 키 파일을 선택하세요.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../wallet/ui/home.py" line="212"/>
        <source>Home</source>
        <translation>홈</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="311"/>
        <source>Could not read the home: {error}</source>
        <translation>홈을 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="444"/>
        <source>Energy</source>
        <translation>에너지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="338"/>
        <source>Welcome. Nothing is in your vault yet.</source>
        <translation>환영합니다. 아직 금고에 아무것도 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="346"/>
        <source>Bring your data in: drop files anywhere on this window, or choose them. Everything stays encrypted on this computer.</source>
        <translation>데이터를 가져오세요: 이 창 아무 곳에나 파일을 끌어다 놓거나 선택하세요. 모든 것은 이 컴퓨터에 암호화되어 보관됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="353"/>
        <source>How to get your data out of:</source>
        <translation>데이터를 내려받는 방법:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="370"/>
        <source>{month} {year}</source>
        <translation>{year}년 {month}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="382"/>
        <source>Medical ID</source>
        <translation>의료 ID</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="384"/>
        <source>Nothing entered yet.</source>
        <translation>아직 입력한 내용이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="385"/>
        <source>Add allergies, conditions, medications and whom to call in an emergency.</source>
        <translation>알레르기, 질환, 복용 약, 응급 시 연락할 사람을 추가하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="388"/>
        <source>Allergies: {list}</source>
        <translation>알레르기: {list}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="390"/>
        <source>No allergies recorded.</source>
        <translation>기록된 알레르기가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="392"/>
        <source>Blood type: {type}</source>
        <translation>혈액형: {type}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="394"/>
        <source>Conditions: {list}</source>
        <translation>질환: {list}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="396"/>
        <source>Medications: {list}</source>
        <translation>복용 약: {list}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="398"/>
        <source>Emergency contacts: {n}</source>
        <translation>응급 연락처: {n}명</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="402"/>
        <source>Latest vitals</source>
        <translation>최근 생체 신호</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="404"/>
        <source>No heart rate, blood pressure, weight or glucose readings yet.</source>
        <translation>아직 심박수, 혈압, 체중, 혈당 측정값이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="423"/>
        <source>Spending</source>
        <translation>지출</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="426"/>
        <source>{month}: {amount} spent</source>
        <translation>{month}: {amount} 지출</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="431"/>
        <source>{month}: {amount}</source>
        <translation>{month}: {amount}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="437"/>
        <source>({pct}% more this month)</source>
        <translation>(이번 달 {pct}% 더 많음)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="439"/>
        <source>({pct}% less this month)</source>
        <translation>(이번 달 {pct}% 더 적음)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="447"/>
        <location filename="../../wallet/ui/home.py" line="456"/>
        <source>{month}: {total} {unit}</source>
        <translation>{month}: {total} {unit}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="454"/>
        <source>No readings for {month}.</source>
        <translation>{month} 측정값이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="462"/>
        <source>({pct}% more than a year before)</source>
        <translation>(1년 전보다 {pct}% 많음)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="464"/>
        <source>({pct}% less than a year before)</source>
        <translation>(1년 전보다 {pct}% 적음)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="469"/>
        <source>Recent documents</source>
        <translation>최근 문서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="475"/>
        <source>Active shares</source>
        <translation>진행 중인 공유</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="477"/>
        <source>Nothing is shared at the moment.</source>
        <translation>지금 공유 중인 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="479"/>
        <source>until {date}</source>
        <translation>{date}까지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="479"/>
        <source>no expiry</source>
        <translation>만료 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="481"/>
        <source>{recipient}: {purpose} ({until})</source>
        <translation>{recipient}: {purpose} ({until})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="488"/>
        <source>Sources</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="490"/>
        <source>{name}: last import {when}</source>
        <translation>{name}: 마지막 가져오기 {when}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="492"/>
        <source>({n} imports)</source>
        <translation>(가져오기 {n}회)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="497"/>
        <source>Goals</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/home.py" line="522"/>
        <source>Reading...</source>
        <translation>읽는 중...</translation>
    </message>
</context>
<context>
    <name>HowTo</name>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="49"/>
        <source>Apple Health</source>
        <translation>Apple 건강</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="50"/>
        <source>On the iPhone: Health app › your picture (top right) › Export All Health Data; bring export.zip to this computer and drop it here.</source>
        <translation>iPhone: 건강 앱 › 오른쪽 위 프로필 사진 › 모든 건강 데이터 내보내기. export.zip을 이 컴퓨터로 옮겨 여기에 놓으세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="57"/>
        <source>Samsung Health</source>
        <translation>삼성 헬스</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="58"/>
        <source>In Samsung Health: Settings › Download personal data; bring the folder (or a zip of it) to this computer and drop it here.</source>
        <translation>삼성 헬스에서: 설정 › 개인 데이터 다운로드; 그 폴더(또는 zip)를 이 컴퓨터로 옮겨 여기에 놓으세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="65"/>
        <source>Fitbit, Google Fit</source>
        <translation>Fitbit, Google 피트니스</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="66"/>
        <source>takeout.google.com › Deselect all › tick Fitbit or Fit › Create export; drop the .zip here.</source>
        <translation>takeout.google.com › 모두 선택 해제 › Fitbit 또는 피트니스 선택 › 내보내기 생성. 받은 .zip을 여기에 놓으세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="71"/>
        <source>Your bank or card</source>
        <translation>은행 또는 카드사</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="72"/>
        <source>Online banking › account history (거래내역 조회) › download as OFX/QFX, Excel or CSV; drop the file here.</source>
        <translation>인터넷 뱅킹 › 거래내역 조회 › OFX/QFX, 엑셀 또는 CSV로 저장. 그 파일을 여기에 놓으세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="79"/>
        <source>나의건강기록 (My Health Records)</source>
        <translation>나의건강기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="80"/>
        <source>In the app, open a record and save or share it as a PDF; drop the PDF here (kept as a document).</source>
        <translation>앱에서 기록을 열어 PDF로 저장하거나 공유하세요. 그 PDF를 여기에 놓으면 문서로 보관됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="86"/>
        <source>A hospital</source>
        <translation>병원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="87"/>
        <source>Ask for your records as FHIR (JSON), a SMART Health Card or PDFs (the patient portal or the records office); drop the files here.</source>
        <translation>환자 포털이나 의무기록실에 FHIR(JSON), SMART Health Card 또는 PDF로 기록을 요청하세요. 받은 파일을 여기에 놓으세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="94"/>
        <source>Energy</source>
        <translation>에너지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="95"/>
        <source>Your utility&apos;s website › Green Button › Download My Data (XML); drop the file here.</source>
        <translation>전력·가스 회사 웹사이트 › Green Button › Download My Data (XML). 그 파일을 여기에 놓으세요.</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="172"/>
        <source>{name}: no connector recognises this file.</source>
        <translation>{name}: 이 파일을 읽을 수 있는 커넥터가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="183"/>
        <source>Choose how to read the file</source>
        <translation>파일을 읽을 방법 선택</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="184"/>
        <source>Several kinds of data fit {name}. Which is it?</source>
        <translation>{name} 파일은 여러 종류의 데이터로 읽을 수 있습니다. 어느 것입니까?</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="239"/>
        <source>A new person</source>
        <translation>새 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="241"/>
        <source>Whose records are these?</source>
        <translation>누구의 기록입니까?</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="906"/>
        <source>{name}: not imported, no password was given.</source>
        <translation>{name}: 비밀번호를 입력하지 않아 가져오지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="916"/>
        <source>{name}: not imported, no text encoding was chosen.</source>
        <translation>{name}: 텍스트 인코딩을 고르지 않아 가져오지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="928"/>
        <source>Set up a CSV profile...</source>
        <translation>CSV 프로필 설정...</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="930"/>
        <source>Set up a CSV profile</source>
        <translation>CSV 프로필 설정</translation>
    </message>
</context>
<context>
    <name>ImportSummary</name>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="106"/>
        <source>MyData Wallet reads:</source>
        <translation>마이데이터 지갑이 읽는 파일:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="110"/>
        <source>How to get your data out:</source>
        <translation>내 데이터를 내려받는 방법:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="114"/>
        <source>Step by step for every source (menu paths, which file, how long it takes): {path}</source>
        <translation>출처별 내려받는 방법(메뉴 경로, 고를 파일, 걸리는 시간): {path}</translation>
    </message>
</context>
<context>
    <name>ImportSummaryDialog</name>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="133"/>
        <source>Import finished</source>
        <translation>가져오기 완료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="138"/>
        <source>{files} files: {added} records added, {dups} already in the vault, {failed} not imported.</source>
        <translation>파일 {files}개: 기록 {added}건 추가, {dups}건은 이미 금고에 있음, {failed}개는 가져오지 못함.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="144"/>
        <source>Files imported</source>
        <translation>가져온 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="146"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="146"/>
        <source>Added</source>
        <translation>추가</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="146"/>
        <source>Already in the vault</source>
        <translation>이미 금고에 있음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="146"/>
        <source>Skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="146"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="166"/>
        <source>Not imported: {reason}</source>
        <translation>가져오지 못함: {reason}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="171"/>
        <source>People: {notes}.</source>
        <translation>사람: {notes}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="175"/>
        <source>{n} records with validation warnings (open one in the Timeline: Details › Provenance).</source>
        <translation>검증 경고가 있는 기록 {n}건 (타임라인에서 열어 보세요: 상세 › 출처).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="179"/>
        <source>Cancelled: what was imported before stopping is kept.</source>
        <translation>취소됨: 중단 전에 가져온 기록은 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_summary.py" line="180"/>
        <source>Imported</source>
        <translation>가져온 시각</translation>
    </message>
</context>
<context>
    <name>InsightsView</name>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="288"/>
        <source>Insights</source>
        <translation>인사이트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="292"/>
        <source>&amp;Where I stand</source>
        <translation>내 위치(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="307"/>
        <source>&amp;Trends and goals</source>
        <translation>추세와 목표(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="309"/>
        <source>&amp;Clinical trials</source>
        <translation>임상시험(&amp;C)</translation>
    </message>
</context>
<context>
    <name>IssuerKeysDialog</name>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="47"/>
        <source>Trusted issuer keys</source>
        <translation>신뢰하는 발급자 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="51"/>
        <source>SMART Health Cards are verified in later imports only with keys you trust here. A key file given with one import verifies that import only.</source>
        <translation>SMART Health Card는 이후 가져오기에서 여기에서 신뢰한 키로만 검증됩니다. 가져오기와 함께 준 키 파일은 그 가져오기만 검증합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="58"/>
        <source>Trusted issuers</source>
        <translation>신뢰하는 발급자</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="60"/>
        <source>Forget the selected issuer</source>
        <translation>선택한 발급자 잊기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="66"/>
        <source>no key file chosen</source>
        <translation>선택한 키 파일 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="67"/>
        <source>Choose key file...</source>
        <translation>키 파일 선택...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="71"/>
        <source>Issuer&apos;s keys (JWKS):</source>
        <translation>발급자의 키 (JWKS):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="74"/>
        <source>Issuer URL</source>
        <translation>발급자 URL</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="76"/>
        <source>Issuer URL (as its cards name it):</source>
        <translation>발급자 URL (카드에 적힌 그대로):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="80"/>
        <source>Issuer and key fingerprints</source>
        <translation>발급자와 키 지문</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="83"/>
        <location filename="../../wallet/ui/issuer_dialog.py" line="198"/>
        <source>Trust these keys</source>
        <translation>이 키 신뢰</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="100"/>
        <source>  trusted since {when}</source>
        <translation>  신뢰 시작: {when}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="101"/>
        <source>  key {key}</source>
        <translation>  키 {key}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="103"/>
        <source>  {crl}, kept {when}</source>
        <translation>  {crl}, 보관: {when}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="114"/>
        <source>at an unknown time</source>
        <translation>알 수 없는 시각</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="119"/>
        <source>{fingerprint} (no key id)</source>
        <translation>{fingerprint} (키 ID 없음)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="122"/>
        <source>{fingerprint} (key id {kid})</source>
        <translation>{fingerprint} (키 ID {kid})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="127"/>
        <source>revocation list for key {kid} (no ctr, {n} revoked id(s))</source>
        <translation>키 {kid}의 폐기 목록 (버전 없음, 폐기된 ID {n}개)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="130"/>
        <source>revocation list for key {kid} (ctr {ctr}, {n} revoked id(s))</source>
        <translation>키 {kid}의 폐기 목록 (버전 {ctr}, 폐기된 ID {n}개)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="136"/>
        <source>Issuer: {issuer}</source>
        <translation>발급자: {issuer}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="138"/>
        <source>You do not trust any key of this issuer yet.</source>
        <translation>아직 이 발급자의 키를 하나도 신뢰하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="140"/>
        <source>You already trust exactly these keys for this issuer.</source>
        <translation>이 발급자에 대해 이미 정확히 이 키들을 신뢰하고 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="142"/>
        <source>You already trust these keys for this issuer.</source>
        <translation>이 발급자에 대해 이미 이 키들을 신뢰하고 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="144"/>
        <source>You already trust other keys for this issuer:</source>
        <translation>이 발급자에 대해 이미 다른 키를 신뢰하고 있습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="145"/>
        <source>  trusted now:  {key}</source>
        <translation>  지금 신뢰 중:  {key}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="147"/>
        <source>  new key:      {key}</source>
        <translation>  새 키:        {key}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="147"/>
        <location filename="../../wallet/ui/issuer_dialog.py" line="152"/>
        <source>  kept:         {key}</source>
        <translation>  유지:         {key}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="149"/>
        <source>  no longer:    {key}</source>
        <translation>  더는 신뢰 안 함: {key}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="154"/>
        <source>  drop:         {key}</source>
        <translation>  삭제:         {key}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="155"/>
        <source>Compare the fingerprints with what the issuer publishes before you trust them.</source>
        <translation>신뢰하기 전에 지문을 발급자가 공개한 값과 비교하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="172"/>
        <source>Issuer&apos;s key file (JWKS)</source>
        <translation>발급자의 키 파일 (JWKS)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="172"/>
        <source>JSON Web Key Sets (*.json *.jwks);;All files (*)</source>
        <translation>JSON 웹 키 세트 (*.json *.jwks);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="183"/>
        <source>Choose the issuer&apos;s key file and give its URL.</source>
        <translation>발급자의 키 파일을 선택하고 URL을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="185"/>
        <source>Give the issuer&apos;s URL, exactly as its cards name it.</source>
        <translation>카드에 적힌 그대로 발급자의 URL을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="196"/>
        <source>Replace the trusted keys</source>
        <translation>신뢰하는 키 바꾸기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="209"/>
        <source>Not trusted</source>
        <translation>신뢰하지 않음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="223"/>
        <source>Forget the issuer</source>
        <translation>발급자 잊기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/issuer_dialog.py" line="225"/>
        <source>Stop trusting the keys of {issuer}? Its cards are no longer verified in later imports (cards already imported stay as they are).</source>
        <translation>{issuer}의 키를 더 이상 신뢰하지 않을까요? 이후 가져오기에서 이 발급자의 카드는 검증되지 않습니다 (이미 가져온 카드는 그대로 남습니다).</translation>
    </message>
</context>
<context>
    <name>ListeningChart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="994"/>
        <source>Bar chart of listening and watching per week</source>
        <translation>주별 듣기와 시청 막대 차트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="1001"/>
        <source>Listening</source>
        <translation>듣기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="1002"/>
        <source>Watching</source>
        <translation>시청</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="1007"/>
        <source>{week} (from {monday}): listening {listening} h, watching {watching} h, {plays} plays</source>
        <translation>{week} ({monday}부터): 듣기 {listening}시간, 시청 {watching}시간, {plays}회 재생</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="1022"/>
        <source>Hours per week</source>
        <translation>주별 시간</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="1022"/>
        <source>Week</source>
        <translation>주</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="1025"/>
        <source>Listening and watching per week, {first} to {last}</source>
        <translation>주별 듣기와 시청, {first} ~ {last}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="1028"/>
        <source>No plays to chart.</source>
        <translation>차트로 그릴 재생 기록이 없습니다.</translation>
    </message>
</context>
<context>
    <name>ListeningView</name>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="53"/>
        <source>Listening and watching</source>
        <translation>듣기와 시청</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="57"/>
        <source>Period shown</source>
        <translation>보여 줄 기간</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="59"/>
        <source>Last {n} weeks</source>
        <translation>최근 {n}주</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="60"/>
        <source>&amp;Period:</source>
        <translation>기간(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="68"/>
        <location filename="../../wallet/ui/listening_view.py" line="124"/>
        <source>Reading plays...</source>
        <translation>재생 기록을 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="71"/>
        <source>Totals of the period</source>
        <translation>기간 합계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="74"/>
        <location filename="../../wallet/ui/listening_view.py" line="79"/>
        <source>Top artists</source>
        <translation>많이 들은 아티스트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="74"/>
        <source>Artist</source>
        <translation>아티스트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="74"/>
        <location filename="../../wallet/ui/listening_view.py" line="76"/>
        <source>Hours</source>
        <translation>시간</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="74"/>
        <location filename="../../wallet/ui/listening_view.py" line="76"/>
        <source>Plays</source>
        <translation>재생</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="76"/>
        <location filename="../../wallet/ui/listening_view.py" line="79"/>
        <source>Top shows</source>
        <translation>많이 본 프로그램</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="76"/>
        <source>Show, podcast or channel</source>
        <translation>프로그램, 팟캐스트 또는 채널</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="94"/>
        <source>Each play, viewing and post is also a record of the timeline: search there for an artist, a show or a word of a post.</source>
        <translation>재생, 시청, 게시물 하나하나가 타임라인의 기록이기도 합니다. 아티스트, 프로그램, 게시물의 단어를 타임라인에서 검색하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="140"/>
        <source>No plays in this period. Import a Spotify, Netflix or YouTube history (File &gt; Import...) to see listening and watching per week.</source>
        <translation>이 기간에 재생 기록이 없습니다. 주별 듣기와 시청을 보려면 Spotify, Netflix, YouTube 기록을 가져오세요(파일 &gt; 가져오기...).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="146"/>
        <source>{since} to {until}: listening {listening} h, watching {watching} h, {plays} plays</source>
        <translation>{since} ~ {until}: 듣기 {listening}시간, 시청 {watching}시간, {plays}회 재생</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/listening_view.py" line="157"/>
        <source>Could not read: {error}</source>
        <translation>읽지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="46"/>
        <source>&amp;Export everything...</source>
        <translation>전체 내보내기(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="47"/>
        <source>&amp;Delete...</source>
        <translation>삭제(&amp;D)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="177"/>
        <source>MyData Wallet</source>
        <translation>마이데이터 지갑</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="216"/>
        <source>Person:</source>
        <translation>사람:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="218"/>
        <source>Person</source>
        <translation>사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="225"/>
        <source>Search records (Ctrl+F)</source>
        <translation>기록 검색 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="226"/>
        <source>Search records</source>
        <translation>기록 검색</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="235"/>
        <source>This person</source>
        <translation>이 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="236"/>
        <source>Everyone</source>
        <translation>모든 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="237"/>
        <source>Search in</source>
        <translation>검색 범위</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="238"/>
        <source>Search the chosen person&apos;s records, or everyone&apos;s</source>
        <translation>선택한 사람의 기록 또는 모든 사람의 기록을 검색합니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="245"/>
        <source>Filter by area</source>
        <translation>분야로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="247"/>
        <source>Filter by kind</source>
        <translation>종류로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="250"/>
        <source>Filter by source</source>
        <translation>출처로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="252"/>
        <source>&amp;Dates:</source>
        <translation>기간(&amp;D):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="253"/>
        <source>Filter by date range</source>
        <translation>기간으로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="256"/>
        <source>From date</source>
        <translation>시작 날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="256"/>
        <source>To date</source>
        <translation>끝 날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="263"/>
        <location filename="../../wallet/ui/main_window.py" line="264"/>
        <source>Clear filters</source>
        <translation>필터 지우기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="267"/>
        <source>Area:</source>
        <translation>분야:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="268"/>
        <source>Kind:</source>
        <translation>종류:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="269"/>
        <source>Source:</source>
        <translation>출처:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="296"/>
        <source>Area / source</source>
        <translation>분야 / 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="296"/>
        <location filename="../../wallet/ui/main_window.py" line="312"/>
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="297"/>
        <source>Areas and sources</source>
        <translation>분야와 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/area_tree.py" line="71"/>
        <source>All areas</source>
        <translation>모든 분야</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="37"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="38"/>
        <source>&amp;Import...</source>
        <translation>가져오기(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="42"/>
        <source>&amp;Share...</source>
        <translation>공유(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="49"/>
        <source>&amp;Restore from backup...</source>
        <translation>백업에서 복원(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="53"/>
        <source>&amp;Lock now</source>
        <translation>지금 잠그기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="57"/>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="63"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="64"/>
        <source>&amp;Find</source>
        <translation>찾기(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="68"/>
        <source>Copy &amp;value</source>
        <translation>값 복사(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="73"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="74"/>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="80"/>
        <source>Go to &amp;newest record</source>
        <translation>최신 기록으로 이동(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="83"/>
        <source>Go to &amp;oldest record</source>
        <translation>가장 오래된 기록으로 이동(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="86"/>
        <source>&amp;Go to date...</source>
        <translation>날짜로 이동(&amp;G)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="94"/>
        <source>&amp;Health measurements...</source>
        <translation>건강 측정값(&amp;H)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="96"/>
        <source>&amp;Transactions...</source>
        <translation>거래 내역(&amp;T)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="97"/>
        <source>&amp;Energy use...</source>
        <translation>에너지 사용량(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="98"/>
        <source>&amp;Documents...</source>
        <translation>문서(&amp;D)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="99"/>
        <source>Sh&amp;ares...</source>
        <translation>공유 목록(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="100"/>
        <source>&amp;Insights...</source>
        <translation>인사이트(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="104"/>
        <source>&amp;Listening and watching...</source>
        <translation>듣기와 시청(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="109"/>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="110"/>
        <source>&amp;Audit log...</source>
        <translation>감사 기록(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="113"/>
        <source>&amp;Emergency record...</source>
        <translation>응급 기록(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="117"/>
        <source>&amp;Medical ID...</source>
        <translation>의료 ID(&amp;M)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="119"/>
        <source>&amp;Trusted issuer keys...</source>
        <translation>신뢰하는 발급자 키(&amp;T)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="121"/>
        <source>&amp;Data sources...</source>
        <translation>데이터 출처(&amp;D)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="122"/>
        <source>&amp;Backup...</source>
        <translation>백업(&amp;B)...</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="892"/>
        <source>&amp;CSV profiles...</source>
        <translation>CSV 프로필(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="126"/>
        <source>&amp;Settings...</source>
        <translation>설정(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="133"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="134"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="137"/>
        <source>&amp;About MyData Wallet</source>
        <translation>마이데이터 지갑 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="212"/>
        <source>Number of records</source>
        <translation>기록 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="216"/>
        <source>Import progress</source>
        <translation>가져오기 진행률</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_menus.py" line="218"/>
        <location filename="../../wallet/ui/main_menus.py" line="219"/>
        <source>Cancel import</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="612"/>
        <source>Copied. The clipboard will be cleared in 30 seconds.</source>
        <translation>복사했습니다. 클립보드는 30초 후에 지워집니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="620"/>
        <source>Me</source>
        <translation>나</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/area_tree.py" line="40"/>
        <source>All records</source>
        <translation>모든 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="797"/>
        <source>All kinds</source>
        <translation>모든 종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="798"/>
        <source>All sources</source>
        <translation>모든 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="819"/>
        <source>Records: {n}</source>
        <translation>기록: {n}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="879"/>
        <source>Matches: first {n}</source>
        <translation>검색 결과: 처음 {n}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="881"/>
        <source>Matches: {n}</source>
        <translation>검색 결과: {n}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="823"/>
        <source>Something went wrong</source>
        <translation>문제가 발생했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="721"/>
        <source>Oldest first: the timeline now starts with the oldest record. Ctrl+Home goes back to the newest.</source>
        <translation>오래된 순: 이제 타임라인이 가장 오래된 기록부터 시작합니다. Ctrl+Home을 누르면 최신 기록으로 돌아갑니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="731"/>
        <source>Showing records on or before {day}, newest first. Ctrl+Home goes back to the newest.</source>
        <translation>{day} 또는 그 이전의 기록을 최신순으로 보여 줍니다. Ctrl+Home을 누르면 최신 기록으로 돌아갑니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="895"/>
        <source>Cannot show the record</source>
        <translation>기록을 표시할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="909"/>
        <source>Import files</source>
        <translation>파일 가져오기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="939"/>
        <source>Importing {name}...</source>
        <translation>{name} 가져오는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="966"/>
        <location filename="../../wallet/ui/main_window.py" line="1004"/>
        <source>Import finished</source>
        <translation>가져오기 완료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="973"/>
        <source>{source}: {added} added, {dups} already in the vault, {skipped} skipped.</source>
        <translation>{source}: {added}개 추가, {dups}개는 이미 금고에 있음, {skipped}개 건너뜀.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="977"/>
        <source>People: {notes}.</source>
        <translation>사람: {notes}.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="979"/>
        <source>{n} with validation warnings.</source>
        <translation>{n}개에 검증 경고가 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="981"/>
        <source>Cancelled: what was imported before stopping is kept.</source>
        <translation>취소됨: 중단 전에 가져온 기록은 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="983"/>
        <source>See the details for why items were skipped.</source>
        <translation>건너뛴 이유는 세부 정보를 보세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="993"/>
        <location filename="../../wallet/ui/main_window.py" line="1008"/>
        <source>{name} was not imported.</source>
        <translation>{name} 파일을 가져오지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="994"/>
        <location filename="../../wallet/ui/main_window.py" line="1007"/>
        <source>Import failed</source>
        <translation>가져오기 실패</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="1075"/>
        <source>About MyData Wallet</source>
        <translation>마이데이터 지갑 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="1077"/>
        <source>MyData Wallet {version}

Your health, fitness, finance, energy and document records, encrypted, on your own computer.</source>
        <translation>마이데이터 지갑 {version}

건강, 운동, 금융, 에너지, 문서 기록을 암호화하여 내 컴퓨터에 보관합니다.</translation>
    </message>
</context>
<context>
    <name>MedicalIdDialog</name>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="235"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="576"/>
        <source>Medical ID</source>
        <translation>의료 ID</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="239"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="257"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="307"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="317"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="454"/>
        <source>(not given)</source>
        <translation>(입력 안 함)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="240"/>
        <source>mild</source>
        <translation>경증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="241"/>
        <source>moderate</source>
        <translation>중등도</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="242"/>
        <source>severe</source>
        <translation>중증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="245"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="345"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="480"/>
        <source>Allergies</source>
        <translation>알레르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="247"/>
        <source>Substance</source>
        <translation>원인 물질</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="249"/>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="249"/>
        <source>allergy</source>
        <translation>알레르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="249"/>
        <source>intolerance</source>
        <translation>불내성</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="251"/>
        <source>Severity</source>
        <translation>중증도</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="252"/>
        <source>Reaction</source>
        <translation>반응</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="255"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="354"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="258"/>
        <source>medication</source>
        <translation>약물</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="259"/>
        <source>food</source>
        <translation>음식</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="260"/>
        <source>environment</source>
        <translation>환경</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="261"/>
        <source>biologic</source>
        <translation>생물학적 제제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="267"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="346"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="481"/>
        <source>Conditions</source>
        <translation>질환</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="269"/>
        <source>Condition</source>
        <translation>질환</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="270"/>
        <source>Since (YYYY-MM-DD)</source>
        <translation>시작일 (YYYY-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="271"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="279"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="286"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="275"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="347"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="482"/>
        <source>Medications</source>
        <translation>복용 중인 약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="277"/>
        <source>Medication</source>
        <translation>약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="278"/>
        <source>Dose</source>
        <translation>용량</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="283"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="348"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="483"/>
        <source>Devices</source>
        <translation>의료 기기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="285"/>
        <source>Device</source>
        <translation>기기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="290"/>
        <source>Emergency contacts</source>
        <translation>비상 연락처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="292"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="293"/>
        <source>Relationship</source>
        <translation>관계</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="294"/>
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="298"/>
        <source>Advance directives</source>
        <translation>사전 의료 지시서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="300"/>
        <source>Directive</source>
        <translation>지시 내용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="301"/>
        <source>Where the document is kept</source>
        <translation>문서 보관 장소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="306"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="484"/>
        <source>Blood type</source>
        <translation>혈액형</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="311"/>
        <source>Where the blood type comes from</source>
        <translation>혈액형의 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="316"/>
        <source>Organ donor</source>
        <translation>장기 기증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="318"/>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="319"/>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="321"/>
        <source>Preferred language</source>
        <translation>선호 언어</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="322"/>
        <source>e.g. Korean</source>
        <translation>예: 한국어</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="324"/>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="335"/>
        <source>&amp;Blood type:</source>
        <translation>혈액형(&amp;B):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="338"/>
        <source>&amp;Organ donor:</source>
        <translation>장기 기증(&amp;O):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="339"/>
        <source>&amp;Preferred language:</source>
        <translation>선호 언어(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="340"/>
        <source>&amp;Notes:</source>
        <translation>메모(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="343"/>
        <source>Medical ID sections</source>
        <translation>의료 ID 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="344"/>
        <source>Basics</source>
        <translation>기본 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="349"/>
        <source>Contacts</source>
        <translation>연락처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="350"/>
        <source>Directives</source>
        <translation>의료 지시서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="353"/>
        <source>Imported from hospitals (read-only)</source>
        <translation>병원에서 가져온 정보 (읽기 전용)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="354"/>
        <source>Entry</source>
        <translation>항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="354"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="366"/>
        <source>Imported from hospitals and health cards (read-only; each with its source). They stay as they are: what you enter above is kept beside them.</source>
        <translation>병원과 건강 카드에서 가져온 정보입니다 (읽기 전용, 항목마다 출처 표시). 가져온 정보는 바뀌지 않으며, 위에 직접 입력한 내용은 그와 함께 따로 보관됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="385"/>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="583"/>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="386"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="436"/>
        <source>ABO group: {value}</source>
        <translation>ABO 혈액형: {value}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="438"/>
        <source>Rh type: {value}</source>
        <translation>Rh 혈액형: {value}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="439"/>
        <source>Blood type: {value}</source>
        <translation>혈액형: {value}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="567"/>
        <source>Medical ID saved at {time}</source>
        <translation>{time}에 의료 ID를 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="577"/>
        <source>The Medical ID has changes that are not saved.</source>
        <translation>의료 ID에 저장하지 않은 변경 사항이 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="578"/>
        <source>Save them before leaving?</source>
        <translation>나가기 전에 저장할까요?</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="584"/>
        <source>&amp;Discard changes</source>
        <translation>변경 사항 버리기(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="585"/>
        <source>Stay</source>
        <translation>머무르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="627"/>
        <source>Medical ID: your changes are not saved yet</source>
        <translation>의료 ID: 변경 사항을 아직 저장하지 않았습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="390"/>
        <source>Entered by hand: what first responders and clinicians should know.</source>
        <translation>직접 입력: 응급 구조대원과 의료진이 알아야 할 내용입니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="402"/>
        <source>Reading...</source>
        <translation>읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="443"/>
        <source>{source} ({connector})</source>
        <translation>{source} ({connector})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="445"/>
        <source>{source}, {date}</source>
        <translation>{source}, {date}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="447"/>
        <source>{source}, signature: {status}</source>
        <translation>{source}, 서명: {status}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="457"/>
        <source>{value} (from your records)</source>
        <translation>{value} (내 기록에서)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="458"/>
        <source>date not given</source>
        <translation>날짜 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="461"/>
        <source>Your records say {value}, in {source} ({connector}), {date}. The blood type you entered is used.</source>
        <translation>내 기록에는 {value}입니다({source}, {connector}, {date}). 직접 입력한 혈액형을 사용합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="465"/>
        <source>From your records: {value}, in {source} ({connector}), {date}. Choose a value to enter your own; what you enter is used first.</source>
        <translation>내 기록에서: {value} ({source}, {connector}, {date}). 직접 입력하려면 값을 고르세요. 직접 입력한 값이 우선합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="475"/>
        <source>Could not read the Medical ID: {error}</source>
        <translation>의료 ID를 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="537"/>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="539"/>
        <source>Saved at {time}</source>
        <translation>{time}에 저장됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="553"/>
        <source>Please check:
{problems}</source>
        <translation>다음을 확인하세요:
{problems}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="558"/>
        <source>Not saved: {error}</source>
        <translation>저장하지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>MoneyChart</name>
    <message>
        <location filename="../../wallet/ui/charts.py" line="705"/>
        <source>Chart of income and spending per month</source>
        <translation>월별 수입과 지출 차트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="710"/>
        <source>Income</source>
        <translation>수입</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="711"/>
        <source>Spending</source>
        <translation>지출</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="715"/>
        <source>{month}: income {income}, spending {spending}, net {net} ({n} transactions)</source>
        <translation>{month}: 수입 {income}, 지출 {spending}, 순액 {net} (거래 {n}건)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="725"/>
        <source>Amount ({currency})</source>
        <translation>금액 ({currency})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="725"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="726"/>
        <source>Income and spending per month: {account}</source>
        <translation>월별 수입과 지출: {account}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/charts.py" line="727"/>
        <source>No transactions to chart.</source>
        <translation>차트로 그릴 거래가 없습니다.</translation>
    </message>
</context>
<context>
    <name>MoneyPanel</name>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="256"/>
        <location filename="../../wallet/ui/money_panels.py" line="266"/>
        <source>Reading your accounts...</source>
        <translation>계좌를 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="256"/>
        <source>What this tab shows</source>
        <translation>이 탭의 내용</translation>
    </message>
</context>
<context>
    <name>MoneyPanels</name>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="226"/>
        <source>Your money could not be read: {error}</source>
        <translation>돈 정보를 읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1225"/>
        <source>Acc&amp;ounts</source>
        <translation>계좌(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1226"/>
        <source>Cat&amp;egories</source>
        <translation>분류(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1227"/>
        <source>Recurri&amp;ng</source>
        <translation>정기 결제(&amp;N)</translation>
    </message>
</context>
<context>
    <name>Passphrase</name>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="69"/>
        <source>Caps Lock seems to be on.</source>
        <translation>Caps Lock이 켜져 있는 것 같습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="70"/>
        <source>Caps Lock warning</source>
        <translation>Caps Lock 경고</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="94"/>
        <source>Hide the passphrase</source>
        <translation>암호 문구 숨기기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="96"/>
        <source>Show the passphrase</source>
        <translation>암호 문구 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="126"/>
        <source>A vault passphrase needs at least {n} characters and must not be easy to guess (strength at least Fair: not a common password, word, name, date or keyboard pattern). Several unrelated words are best.</source>
        <translation>금고 암호 문구는 {n}자 이상이어야 하고 추측하기 쉬우면 안 됩니다 (강도 &apos;보통&apos; 이상: 흔한 비밀번호, 단어, 이름, 날짜, 키보드 패턴이 아닐 것). 서로 관계없는 여러 단어가 가장 좋습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="140"/>
        <source>Too short for a vault: use at least {n} characters.</source>
        <translation>금고에 쓰기에는 너무 짧습니다: {n}자 이상으로 하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/passfield.py" line="147"/>
        <source>Long enough, but too easy to guess for a vault: it is close to a common password, word or pattern.</source>
        <translation>길이는 충분하지만 금고에 쓰기에는 추측하기 너무 쉽습니다: 흔한 비밀번호, 단어 또는 패턴에 가깝습니다.</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="64"/>
        <source>Choose a passphrase</source>
        <translation>암호 문구 정하기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="67"/>
        <source>Your vault is encrypted with a key protected by this passphrase. Nobody, not even the makers of this program, can open it without the passphrase or the recovery key.</source>
        <translation>금고는 이 암호 문구로 보호되는 키로 암호화됩니다. 암호 문구나 복구 키 없이는 이 프로그램의 제작자를 포함해 누구도 금고를 열 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="76"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="78"/>
        <source>Confirm passphrase</source>
        <translation>암호 문구 확인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="79"/>
        <source>&amp;Generate...</source>
        <translation>생성(&amp;G)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="80"/>
        <source>Generate a passphrase</source>
        <translation>암호 문구 생성</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="85"/>
        <source>Passphrase strength</source>
        <translation>암호 문구 강도</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="89"/>
        <source>&amp;Passphrase:</source>
        <translation>암호 문구(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="91"/>
        <source>&amp;Confirm:</source>
        <translation>확인(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="94"/>
        <source>Strength:</source>
        <translation>강도:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="100"/>
        <source>Create vault</source>
        <translation>금고 만들기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="109"/>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 다릅니다.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="203"/>
        <location filename="../../connectors/bank_csv/qt.py" line="204"/>
        <source>Password of the statement</source>
        <translation>거래내역 파일 비밀번호</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="208"/>
        <source>{message}

Banks often use your date of birth (six digits, YYMMDD). The password is used only to open this file; it is not stored.</source>
        <translation>{message}

은행은 흔히 생년월일 6자리(YYMMDD)를 비밀번호로 씁니다. 비밀번호는 이 파일을 여는 데에만 쓰이고 저장되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="218"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="221"/>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <location filename="../../connectors/bank_csv/qt.py" line="222"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="110"/>
        <source>Insurance policy of {person}</source>
        <translation>{person}의 보험 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="115"/>
        <source>e.g. the insurance company&apos;s name</source>
        <translation>예: 보험사 이름</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="117"/>
        <source>실손의료보험 (private medical insurance)</source>
        <translation>실손의료보험</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="119"/>
        <source>not entered</source>
        <translation>입력 안 함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="121"/>
        <source>generation {n} ({n}세대)</source>
        <translation>{n}세대</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="125"/>
        <source>&amp;Insurer:</source>
        <translation>보험사(&amp;I):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="126"/>
        <source>Policy &amp;type:</source>
        <translation>보험 종류(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="127"/>
        <source>&amp;Generation:</source>
        <translation>세대(&amp;G):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="136"/>
        <source>e.g. 10000, 20% or 10000/20%</source>
        <translation>예: 10000, 20% 또는 10000/20%</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="137"/>
        <source>Deductible for {kind}</source>
        <translation>{kind} 자기부담금</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="139"/>
        <source>Deductible, {kind}:</source>
        <translation>자기부담금, {kind}:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="142"/>
        <source>As your policy states it: a fixed amount per visit (10000), a share of what you paid (20%), or both (10000/20%: the larger applies). Leave a type empty when you do not know it: its visits are then shown before deductibles. The wallet ships no insurer&apos;s terms.</source>
        <translation>보험 약관에 적힌 대로 입력하세요: 진료당 정액 (10000), 낸 금액의 비율 (20%), 또는 둘 다 (10000/20%: 큰 쪽 적용). 모르면 비워 두세요. 그 진료는 공제 전 금액으로 보여 줍니다. 지갑에는 어떤 보험사의 약관도 들어 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="160"/>
        <source>clinic (의원)</source>
        <translation>의원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="161"/>
        <source>hospital (병원)</source>
        <translation>병원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="162"/>
        <source>tertiary hospital (상급종합병원)</source>
        <translation>상급종합병원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="163"/>
        <source>pharmacy (약국)</source>
        <translation>약국</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="181"/>
        <source>Policy not saved</source>
        <translation>보험 정보를 저장하지 못함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/claims_view.py" line="182"/>
        <source>The policy was not saved: {error}</source>
        <translation>보험 정보를 저장하지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>ProgressRow</name>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="71"/>
        <source>Backup progress</source>
        <translation>백업 진행 상황</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="74"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="75"/>
        <source>Cancel the backup</source>
        <translation>백업 취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_dialog.py" line="108"/>
        <source>Cancelling...</source>
        <translation>취소하는 중...</translation>
    </message>
</context>
<context>
    <name>RateDialog</name>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="294"/>
        <source>Exchange rate</source>
        <translation>환율</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="296"/>
        <source>e.g. USD</source>
        <translation>예: USD</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="298"/>
        <source>e.g. KRW</source>
        <translation>예: KRW</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="300"/>
        <source>e.g. 1380.5</source>
        <translation>예: 1380.5</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="302"/>
        <source>1 unit of (&amp;from):</source>
        <translation>1 단위 통화(&amp;F):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="303"/>
        <source>is worth (&amp;rate):</source>
        <translation>환율(&amp;R):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="304"/>
        <source>of (&amp;to):</source>
        <translation>환산 통화(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="305"/>
        <source>Kept in your vault with today&apos;s date and named beside every total it is used for.</source>
        <translation>오늘 날짜와 함께 금고에 저장하고, 이 환율을 쓴 모든 합계 옆에 표시합니다.</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="323"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="326"/>
        <source>Area</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="327"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="329"/>
        <source>Person</source>
        <translation>사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="324"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="325"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="328"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="126"/>
        <source>Your recovery key</source>
        <translation>복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="129"/>
        <source>If you forget the passphrase, this key is the only way into the vault. It is shown only now: save it or print it, and keep it somewhere safe, away from this computer.</source>
        <translation>암호 문구를 잊으면 이 키가 금고를 여는 유일한 방법입니다. 지금 한 번만 표시됩니다. 파일로 저장하거나 인쇄하여 이 컴퓨터가 아닌 안전한 곳에 보관하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="136"/>
        <source>Creating the vault</source>
        <translation>금고 만드는 중</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="137"/>
        <source>Creating your vault...</source>
        <translation>금고를 만드는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="140"/>
        <source>Recovery key</source>
        <translation>복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="147"/>
        <source>&amp;Save to a file...</source>
        <translation>파일로 저장(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="148"/>
        <source>Save the recovery key to a file</source>
        <translation>복구 키를 파일로 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="149"/>
        <source>&amp;Print...</source>
        <translation>인쇄(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="150"/>
        <source>Print the recovery key</source>
        <translation>복구 키 인쇄</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="151"/>
        <source>&amp;Copy</source>
        <translation>복사(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="152"/>
        <source>Copy the recovery key</source>
        <translation>복구 키 복사</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="153"/>
        <source>Copy the recovery key; the clipboard is cleared after 30 seconds</source>
        <translation>복구 키를 복사합니다. 클립보드는 30초 후에 지워집니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="161"/>
        <source>I have stored the recovery key somewhere safe</source>
        <translation>복구 키를 안전한 곳에 보관했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="162"/>
        <source>I have stored the recovery key</source>
        <translation>복구 키를 보관했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="185"/>
        <source>Creating your vault... (this takes a moment)</source>
        <translation>금고를 만드는 중... (잠시 걸립니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="205"/>
        <source>Your vault is ready. Write down or save this recovery key:</source>
        <translation>금고가 준비되었습니다. 이 복구 키를 적어 두거나 저장하세요:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="212"/>
        <source>The vault could not be created: {error}</source>
        <translation>금고를 만들 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="222"/>
        <source>MyData Wallet recovery key</source>
        <translation>마이데이터 지갑 복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="226"/>
        <source>Vault: {path}</source>
        <translation>금고: {path}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="228"/>
        <source>Keep this safe. Anyone with this key and your vault files can read your vault.</source>
        <translation>안전하게 보관하세요. 이 키와 금고 파일을 가진 사람은 누구나 금고를 읽을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="246"/>
        <source>Copied. The clipboard will be cleared in 30 seconds.</source>
        <translation>복사했습니다. 클립보드는 30초 후에 지워집니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="251"/>
        <source>Save the recovery key</source>
        <translation>복구 키 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="263"/>
        <source>Could not save</source>
        <translation>저장할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="265"/>
        <source>Saved to {path}.</source>
        <translation>{path}에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>RecurringPanel</name>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1141"/>
        <source>Show recurring money &amp;in (salary, interest) instead</source>
        <translation>대신 정기 입금 보기 (급여, 이자)(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1147"/>
        <source>Recurring payments</source>
        <translation>정기 결제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1149"/>
        <source>Payee</source>
        <translation>거래처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1150"/>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1151"/>
        <source>Currency</source>
        <translation>통화</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1152"/>
        <source>Every</source>
        <translation>주기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1153"/>
        <source>Payments</source>
        <translation>결제 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1154"/>
        <source>Last</source>
        <translation>최근</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1155"/>
        <source>Next expected</source>
        <translation>다음 예정일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1156"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1157"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1162"/>
        <source>A series is the same payee and a similar amount at a regular period: at least three payments a week, a fortnight or a month apart, or two a quarter or a year apart, with no gap between.</source>
        <translation>같은 거래처에 비슷한 금액을 일정한 주기로 낸 것을 정기 결제로 봅니다: 1주, 2주, 1개월 간격이면 3번 이상, 분기나 1년 간격이면 2번 이상, 중간에 빠짐없이.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1189"/>
        <source>from {low} to {high}</source>
        <translation>{low} ~ {high}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1193"/>
        <source>overdue: perhaps stopped</source>
        <translation>예정일 지남: 해지했을 수 있음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1193"/>
        <source>active</source>
        <translation>유효</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1201"/>
        <source>since {first}</source>
        <translation>{first}부터</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1211"/>
        <source>No recurring money in found.</source>
        <translation>정기 입금을 찾지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1211"/>
        <source>No recurring payments found.</source>
        <translation>정기 결제를 찾지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1216"/>
        <source>{n} recurring series, {subs} of them subscriptions; the soonest next date first.</source>
        <translation>정기 결제 {n}건, 그중 구독 {subs}건. 다음 예정일이 가까운 순입니다.</translation>
    </message>
</context>
<context>
    <name>RememberPage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="289"/>
        <source>Unlock without typing? (optional)</source>
        <translation>입력 없이 열기 (선택 사항)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="292"/>
        <source>The key can be kept in this computer&apos;s keyring (the system&apos;s password store), so the vault opens when you log in to this computer. Anyone using your computer account could then open it. You can change this later in Settings.</source>
        <translation>키를 이 컴퓨터의 키링(시스템 암호 저장소)에 보관하면 이 컴퓨터에 로그인했을 때 금고가 바로 열립니다. 그러면 내 컴퓨터 계정을 쓰는 사람은 누구나 금고를 열 수 있습니다. 나중에 설정에서 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="298"/>
        <source>&amp;Remember on this computer</source>
        <translation>이 컴퓨터에 기억(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="299"/>
        <source>Remember on this computer</source>
        <translation>이 컴퓨터에 기억</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="314"/>
        <source>Asking the system keyring...</source>
        <translation>시스템 키링에 요청하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="323"/>
        <source>The key is remembered on this computer.</source>
        <translation>이 컴퓨터에 키를 기억했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="323"/>
        <source>The key is not remembered.</source>
        <translation>키를 기억하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="335"/>
        <source>Cannot remember the key: {error}. You will type the passphrase each time.</source>
        <translation>키를 기억할 수 없습니다: {error}. 매번 암호 문구를 입력해야 합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="340"/>
        <source>Cannot remember the key: {error}</source>
        <translation>키를 기억할 수 없습니다: {error}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="64"/>
        <source>Restore from backup</source>
        <translation>백업에서 복원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="69"/>
        <source>Bring your vault back from a backup: choose where the backups are, a version and a folder, then unlock it with your passphrase or recovery key.</source>
        <translation>백업에서 보관함을 되살립니다. 백업이 있는 곳, 버전, 폴더를 고른 다음 암호 문구나 복구 키로 잠금을 해제하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="79"/>
        <source>Backups on {target}</source>
        <translation>{target}에 있는 백업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="83"/>
        <source>&amp;Test connection</source>
        <translation>연결 확인(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="85"/>
        <source>&amp;List versions</source>
        <translation>버전 목록(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="92"/>
        <source>Backup versions</source>
        <translation>백업 버전</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="97"/>
        <source>Restore into:</source>
        <translation>복원할 폴더:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="99"/>
        <source>Folder to restore into</source>
        <translation>복원할 폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="102"/>
        <source>C&amp;hoose...</source>
        <translation>선택(&amp;H)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="106"/>
        <source>Replace the vault in that folder (what it holds now is lost)</source>
        <translation>그 폴더의 보관함을 대체(지금 들어 있는 내용은 사라집니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="111"/>
        <source>About the folder</source>
        <translation>폴더 안내</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="115"/>
        <location filename="../../wallet/ui/restore_dialog.py" line="156"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="116"/>
        <source>Passphrase or recovery key</source>
        <translation>암호 문구 또는 복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="119"/>
        <source>Use the &amp;recovery key instead</source>
        <translation>대신 복구 키 사용(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="127"/>
        <source>Restore status</source>
        <translation>복원 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="130"/>
        <source>&amp;Restore</source>
        <translation>복원(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="149"/>
        <source>Restore into this folder</source>
        <translation>이 폴더에 복원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="156"/>
        <source>Recovery key</source>
        <translation>복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="170"/>
        <source>That is the folder of the vault open now: lock it first, or restore into another folder.</source>
        <translation>지금 열려 있는 보관함의 폴더입니다. 먼저 잠그거나 다른 폴더에 복원하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="173"/>
        <source>A vault is already in that folder: choose another folder, or tick Replace.</source>
        <translation>그 폴더에 이미 보관함이 있습니다. 다른 폴더를 고르거나 대체를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="194"/>
        <source>Reading the versions...</source>
        <translation>버전을 읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="204"/>
        <source>{when}: {records} records, {people} people, {documents} documents</source>
        <translation>{when}: 기록 {records}건, {people}명, 문서 {documents}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="218"/>
        <source>{n} versions. The newest is chosen.</source>
        <translation>버전 {n}개. 최신 버전이 선택되어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="220"/>
        <source>No backups there.</source>
        <translation>그곳에 백업이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="267"/>
        <source>Restoring...</source>
        <translation>복원하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="287"/>
        <source>The restored copy did not check: {problem}</source>
        <translation>복원한 사본이 검사를 통과하지 못했습니다: {problem}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="291"/>
        <source>Restored and checked.</source>
        <translation>복원하고 검사했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="302"/>
        <source>Wrong recovery key.</source>
        <translation>복구 키가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="302"/>
        <source>Wrong passphrase.</source>
        <translation>암호 문구가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="303"/>
        <source>Nothing was restored.</source>
        <translation>아무것도 복원하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="323"/>
        <source>Restored</source>
        <translation>복원됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/restore_dialog.py" line="324"/>
        <source>The backup was restored into {folder}, checked and opened.</source>
        <translation>백업을 {folder}에 복원하고 검사한 뒤 열었습니다.</translation>
    </message>
</context>
<context>
    <name>RowsEditor</name>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="92"/>
        <source>&amp;Add</source>
        <translation>추가(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="93"/>
        <source>Add a row to {name}</source>
        <translation>{name}에 행 추가</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="95"/>
        <source>&amp;Remove</source>
        <translation>삭제(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/medical_id_dialog.py" line="96"/>
        <source>Remove the selected row from {name}</source>
        <translation>{name}에서 선택한 행 삭제</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="954"/>
        <location filename="../../wallet/ui/money_panels.py" line="958"/>
        <source>Category rules</source>
        <translation>분류 규칙</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="956"/>
        <source>What the last change did</source>
        <translation>마지막 변경 내용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="960"/>
        <source>Whose</source>
        <translation>누구의 규칙</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="961"/>
        <source>Rule</source>
        <translation>규칙</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="962"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="963"/>
        <source>Conditions</source>
        <translation>질환</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="964"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="965"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="969"/>
        <location filename="../../wallet/ui/money_panels.py" line="1069"/>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="970"/>
        <source>Delete one of your rules, or turn a built-in rule off</source>
        <translation>내 규칙을 지우거나 기본 규칙을 끕니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="972"/>
        <source>&amp;Turn on</source>
        <translation>켜기(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="973"/>
        <source>Turn a built-in rule you turned off on again</source>
        <translation>끈 기본 규칙을 다시 켭니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="981"/>
        <source>e.g. 스타벅스, NETFLIX or ^GS25</source>
        <translation>예: 스타벅스, NETFLIX 또는 ^GS25</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="982"/>
        <source>Payee text or pattern</source>
        <translation>거래처 글자 또는 패턴</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="983"/>
        <source>How the payee is matched</source>
        <translation>거래처 비교 방법</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="984"/>
        <source>payee contains</source>
        <translation>거래처에 포함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="985"/>
        <source>payee is exactly</source>
        <translation>거래처와 정확히 같음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="986"/>
        <source>payee matches the regular expression</source>
        <translation>거래처가 정규식에 맞음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="987"/>
        <source>Category the rule gives</source>
        <translation>규칙이 정하는 분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="991"/>
        <source>&amp;Add rule</source>
        <translation>규칙 추가(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="993"/>
        <source>New rule (tried before every built-in rule)</source>
        <translation>새 규칙 (모든 기본 규칙보다 먼저 적용)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="997"/>
        <source>→</source>
        <translation>→</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1007"/>
        <source>The first rule whose conditions all hold gives a movement its category: your rules first (the newest first), then the built-in ones. Changing a movement&apos;s category in the Categories tab adds a rule of yours for its payee.</source>
        <translation>조건이 모두 맞는 첫 규칙이 거래의 분류를 정합니다: 내 규칙이 먼저 (최신순), 그다음 기본 규칙. 분류 탭에서 거래의 분류를 바꾸면 그 거래처에 대한 내 규칙이 추가됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1046"/>
        <source>Yours</source>
        <translation>내 규칙</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1046"/>
        <source>Built-in</source>
        <translation>기본</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1050"/>
        <source>on</source>
        <translation>켜짐</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1050"/>
        <source>off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1069"/>
        <source>Turn &amp;off</source>
        <translation>끄기(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1078"/>
        <source>Not changed: {error}</source>
        <translation>바꾸지 못했습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1090"/>
        <source>Deleted your rule {rule}.</source>
        <translation>내 규칙 {rule}을(를) 지웠습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1092"/>
        <source>Turned off the built-in rule {rule}.</source>
        <translation>기본 규칙 {rule}을(를) 껐습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1104"/>
        <source>Turned on the built-in rule {rule}.</source>
        <translation>기본 규칙 {rule}을(를) 켰습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1111"/>
        <source>Type the payee text or pattern first.</source>
        <translation>먼저 거래처 글자나 패턴을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/money_panels.py" line="1127"/>
        <source>Added your rule {rule}: {conditions}.</source>
        <translation>내 규칙 {rule}을(를) 추가했습니다: {conditions}.</translation>
    </message>
</context>
<context>
    <name>SectionList</name>
    <message>
        <location filename="../../wallet/ui/sections.py" line="89"/>
        <source>Sections</source>
        <translation>섹션</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="94"/>
        <source>Home</source>
        <translation>홈</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="95"/>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="96"/>
        <source>Health</source>
        <translation>건강</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="97"/>
        <source>Money</source>
        <translation>돈</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="98"/>
        <source>Energy</source>
        <translation>에너지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="99"/>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="100"/>
        <source>Sharing</source>
        <translation>공유</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="101"/>
        <source>Medical ID</source>
        <translation>의료 ID</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="102"/>
        <source>Insights</source>
        <translation>인사이트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sections.py" line="103"/>
        <source>Listening and watching</source>
        <translation>듣기와 시청</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="51"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="56"/>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="57"/>
        <source>Never</source>
        <translation>안 함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="59"/>
        <source>Lock after minutes of inactivity</source>
        <translation>사용하지 않을 때 잠글 때까지의 시간(분)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="60"/>
        <source>&amp;Lock when idle for:</source>
        <translation>유휴 시 잠금(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="62"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="63"/>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="68"/>
        <source>Lan&amp;guage:</source>
        <translation>언어(&amp;G):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="72"/>
        <source>&amp;Forget the remembered key</source>
        <translation>기억한 키 지우기(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="73"/>
        <source>Forget the key remembered on this computer</source>
        <translation>이 컴퓨터에 기억한 키 지우기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="75"/>
        <source>&amp;Remember on this computer</source>
        <translation>이 컴퓨터에 기억(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="76"/>
        <source>Remember on this computer</source>
        <translation>이 컴퓨터에 기억</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="89"/>
        <source>Change &amp;passphrase...</source>
        <translation>암호 문구 변경(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="90"/>
        <source>Change the vault passphrase</source>
        <translation>금고 암호 문구 변경</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="101"/>
        <source>Recovery key status</source>
        <translation>복구 키 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="106"/>
        <source>&amp;Backup...</source>
        <translation>백업(&amp;B)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="107"/>
        <source>Backup targets, schedule and restore</source>
        <translation>백업 대상, 일정, 복원</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="127"/>
        <source>The key is remembered on this computer: the vault opens without typing.</source>
        <translation>이 컴퓨터에 키가 기억되어 있습니다. 입력 없이 금고가 열립니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="129"/>
        <source>The key is not remembered: the passphrase is asked each time.</source>
        <translation>키가 기억되어 있지 않습니다. 매번 암호 문구를 묻습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="136"/>
        <source>Recovery key: none. If the passphrase is forgotten, the vault cannot be opened.</source>
        <translation>복구 키: 없음. 암호 문구를 잊으면 금고를 열 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="138"/>
        <source>Recovery key: set. It was shown once, when the vault was created, and cannot be shown again; it keeps working after a passphrase change. Keep it away from this computer.</source>
        <translation>복구 키: 설정됨. 금고를 만들 때 한 번만 보여 주었으며 다시 보여 줄 수 없습니다. 암호 문구를 바꿔도 계속 쓸 수 있습니다. 이 컴퓨터와 떨어진 곳에 보관하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="159"/>
        <source>The passphrase is changed. Use the new one from now on; the recovery key still works.</source>
        <translation>암호 문구를 바꿨습니다. 이제부터 새 암호 문구를 쓰세요. 복구 키는 그대로 쓸 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="170"/>
        <source>Asking the system keyring...</source>
        <translation>시스템 키링에 요청하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="187"/>
        <source>The system keyring is not available: {error}</source>
        <translation>시스템 키링을 사용할 수 없습니다: {error}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="363"/>
        <location filename="../../wallet/ui/gate.py" line="364"/>
        <source>Create your vault</source>
        <translation>금고 만들기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="370"/>
        <source>Restore from &amp;backup...</source>
        <translation>백업에서 복원(&amp;B)...</translation>
    </message>
</context>
<context>
    <name>ShareSeries</name>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="28"/>
        <source>{what} · {source}: {count} samples, {dates}</source>
        <translation>{what} · {source}: 표본 {count}개, {dates}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="48"/>
        <source>{first} to {last}</source>
        <translation>{first} ~ {last}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="58"/>
        <source>Measurement series (each sent whole within the dates)</source>
        <translation>측정 시계열 (기간 안의 것을 시계열 단위로 통째로 보냄)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="108"/>
        <source> + {samples} samples in {series} measurement series</source>
        <translation> + 측정 시계열 {series}개의 표본 {samples}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="112"/>
        <source> (likely too many for one bundle: untick some series or choose a shorter date range)</source>
        <translation> (번들 하나에 담기에는 너무 많을 수 있습니다: 일부 시계열을 해제하거나 기간을 줄이세요)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="120"/>
        <source>Measurement</source>
        <translation>측정 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="121"/>
        <source>Dates</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="122"/>
        <source>Samples</source>
        <translation>표본 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="123"/>
        <source>First value</source>
        <translation>첫 값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="124"/>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="125"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_series.py" line="134"/>
        <source>Sent as FHIR Observations, one per sample, with these values:</source>
        <translation>표본마다 FHIR Observation 하나로, 다음 값으로 보냅니다:</translation>
    </message>
</context>
<context>
    <name>ShareSetupDialog</name>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="77"/>
        <source>Share data</source>
        <translation>데이터 공유</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="82"/>
        <source>Share records of &lt;b&gt;{0}&lt;/b&gt;. Nothing leaves before you review and approve it.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;의 기록을 공유합니다. 검토하고 승인하기 전에는 아무것도 나가지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="92"/>
        <source>Purpose template</source>
        <translation>목적 템플릿</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="102"/>
        <source>Recipient</source>
        <translation>받는 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="104"/>
        <source>Organisation</source>
        <translation>기관</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="106"/>
        <location filename="../../wallet/ui/share_setup.py" line="292"/>
        <source>not encrypted</source>
        <translation>암호화 안 함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="110"/>
        <source>Recipient&apos;s public key...</source>
        <translation>받는 사람의 공개 키...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="112"/>
        <source>No encryption</source>
        <translation>암호화 안 함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="117"/>
        <source>Encrypt for</source>
        <translation>암호화 대상</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="119"/>
        <source>What the recipient may use the data for</source>
        <translation>받는 사람이 데이터를 사용할 수 있는 목적</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="120"/>
        <source>Purpose</source>
        <translation>목적</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="122"/>
        <source>Expires on</source>
        <translation>만료일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="130"/>
        <source>Until</source>
        <translation>기한</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="131"/>
        <source>Also send the underlying FHIR resources</source>
        <translation>원본 FHIR 리소스도 함께 보내기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="132"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="135"/>
        <source>What to share</source>
        <translation>공유할 내용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="143"/>
        <source>Only from</source>
        <translation>이 기간만:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="150"/>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="157"/>
        <source>Preparing the share...</source>
        <translation>공유를 준비하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="160"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="162"/>
        <source>Review what leaves...</source>
        <translation>나가는 내용 검토...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="188"/>
        <source>Tick the encounters (visits) to claim for.</source>
        <translation>청구할 진료(방문)를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="191"/>
        <source>Tick the kinds of records to share.</source>
        <translation>공유할 기록 종류를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="194"/>
        <source>Tick kinds of records and/or sources (both ticked: records that are of a ticked kind and from a ticked source).</source>
        <translation>기록 종류나 출처를 선택하세요 (둘 다 선택하면 선택한 종류이면서 선택한 출처에서 온 기록만 공유합니다).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="230"/>
        <source>source: {0}  ({1})</source>
        <translation>출처: {0}  ({1})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="269"/>
        <source>key {0} (remembered for {1})</source>
        <translation>키 {0} ({1}의 저장된 키)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="276"/>
        <source>Recipient&apos;s public key (JWK)</source>
        <translation>받는 사람의 공개 키 (JWK)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="276"/>
        <source>JSON Web Key (*.json *.jwk);;All files (*)</source>
        <translation>JSON 웹 키 (*.json *.jwk);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="286"/>
        <source>Cannot use this key</source>
        <translation>이 키를 사용할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="292"/>
        <source>key {0}</source>
        <translation>키 {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_setup.py" line="235"/>
        <location filename="../../wallet/ui/share_setup.py" line="348"/>
        <location filename="../../wallet/ui/share_setup.py" line="381"/>
        <source>Cannot prepare the share</source>
        <translation>공유를 준비할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>ShareTexts</name>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="19"/>
        <source>Hospital / referral</source>
        <translation>병원 / 진료 의뢰</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="20"/>
        <source>Insurance claim</source>
        <translation>보험금 청구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="21"/>
        <source>Research</source>
        <translation>연구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="22"/>
        <source>Clinical trial pre-screen</source>
        <translation>임상시험 사전 확인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="23"/>
        <source>Custom</source>
        <translation>직접 선택</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="31"/>
        <source>An International Patient Summary (HL7 IPS FHIR document): problems, allergies and intolerances, medications; immunizations, results, procedures, devices and vital signs where known.</source>
        <translation>국제 환자 요약(HL7 IPS FHIR 문서): 질환, 알레르기 및 과민 반응, 복용 중인 약과 함께, 기록이 있으면 예방접종, 검사 결과, 시술 및 수술, 의료기기, 활력 징후를 담습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="36"/>
        <source>The chosen encounters with their diagnoses, procedures and prescriptions, and the documents (receipts, invoices) linked to them.</source>
        <translation>선택한 진료와 그 진단, 시술 및 수술, 처방, 그리고 연결된 서류(영수증, 진료비 계산서)를 담습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="41"/>
        <source>The chosen kinds of records over a date range, without name, address, phone, identifier numbers, birth date or free-text notes unless you add them.</source>
        <translation>선택한 기간의 선택한 종류 기록을 담습니다. 직접 추가하지 않으면 이름, 주소, 전화번호, 식별 번호, 생년월일, 자유 기재 메모는 빠집니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="46"/>
        <source>The eligibility checklist of one study, with the values it was checked against and only the records those values came from; no name, address, phone, identifier numbers or notes unless you add them.</source>
        <translation>한 임상시험의 참여 조건 점검표와 비교에 쓴 값, 그 값이 나온 기록만 보냅니다. 직접 추가하지 않으면 이름, 주소, 전화번호, 식별번호, 메모는 보내지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="51"/>
        <source>Any selection of domains, kinds, sources, dates and single records.</source>
        <translation>분야, 종류, 출처, 날짜, 개별 기록을 자유롭게 골라 담습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="61"/>
        <source>HL7 IPS FHIR document Bundle (data/ips.json)</source>
        <translation>HL7 IPS FHIR 문서 번들 (data/ips.json)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="62"/>
        <source>FHIR resources (data/resources.ndjson), linked documents (documents/)</source>
        <translation>FHIR 리소스 (data/resources.ndjson), 연결된 서류 (documents/)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="65"/>
        <source>FHIR resources (data/resources.ndjson) and other records (data/records.ndjson)</source>
        <translation>FHIR 리소스 (data/resources.ndjson) 및 기타 기록 (data/records.ndjson)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="68"/>
        <source>The checklist (data/summary.json) and the records it used (data/resources.ndjson, data/records.ndjson)</source>
        <translation>점검표 (data/summary.json)와 점검에 쓴 기록 (data/resources.ndjson, data/records.ndjson)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="72"/>
        <source>FHIR resources (data/resources.ndjson), other records (data/records.ndjson), documents (documents/)</source>
        <translation>FHIR 리소스 (data/resources.ndjson), 기타 기록 (data/records.ndjson), 서류 (documents/)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="92"/>
        <source>name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="93"/>
        <source>birth date</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="94"/>
        <source>address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="95"/>
        <source>phone numbers and e-mail</source>
        <translation>전화번호와 이메일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="96"/>
        <source>identifier numbers (national id, insurance, record numbers)</source>
        <translation>식별 번호 (주민등록번호, 보험 번호, 진료 기록 번호)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="99"/>
        <source>free-text notes and narratives</source>
        <translation>자유 기재 메모와 서술</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="107"/>
        <source>mental health</source>
        <translation>정신 건강</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="108"/>
        <source>sexual and reproductive health</source>
        <translation>성·생식 건강</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="109"/>
        <source>HIV</source>
        <translation>HIV</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="110"/>
        <source>substance use</source>
        <translation>약물 사용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="111"/>
        <source>genetics</source>
        <translation>유전</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="112"/>
        <source>social and entertainment activity</source>
        <translation>소셜·엔터테인먼트 활동</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="120"/>
        <source>active</source>
        <translation>유효</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="121"/>
        <source>expired</source>
        <translation>만료됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/share_common.py" line="122"/>
        <source>withdrawn</source>
        <translation>철회됨</translation>
    </message>
</context>
<context>
    <name>ShareTo</name>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="157"/>
        <source>Share a pre-screen summary</source>
        <translation>사전 확인 요약 공유</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="159"/>
        <source>e.g. the study coordinator&apos;s name</source>
        <translation>예: 연구 코디네이터 이름</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="161"/>
        <source>Pre-screening for the clinical study {nct}</source>
        <translation>임상시험 {nct} 사전 확인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="163"/>
        <source>&amp;Recipient:</source>
        <translation>받는 사람(&amp;R):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="164"/>
        <source>&amp;Organisation:</source>
        <translation>기관(&amp;O):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="165"/>
        <source>&amp;Purpose:</source>
        <translation>목적(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="167"/>
        <source>&amp;Next: review</source>
        <translation>다음: 검토(&amp;N)</translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="88"/>
        <source>Withdrawing the consent...</source>
        <translation>동의를 철회하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="69"/>
        <source>Created</source>
        <translation>만든 날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="63"/>
        <source>Sharing</source>
        <translation>공유</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="70"/>
        <source>Recipient</source>
        <translation>받는 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="71"/>
        <source>Purpose</source>
        <translation>목적</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="73"/>
        <source>Expires</source>
        <translation>만료일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="74"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="94"/>
        <source>New share...</source>
        <translation>새 공유...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="96"/>
        <source>Verify a bundle...</source>
        <translation>번들 검증...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="97"/>
        <source>Check the signature and contents of a bundle you received</source>
        <translation>받은 번들의 서명과 내용을 확인합니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="99"/>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="100"/>
        <source>Open the folder the selected bundle was saved to</source>
        <translation>선택한 번들이 저장된 폴더를 엽니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="103"/>
        <source>Withdraw consent...</source>
        <translation>동의 철회...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="106"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="128"/>
        <location filename="../../wallet/ui/shares_view.py" line="185"/>
        <source>until withdrawn</source>
        <translation>철회할 때까지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="139"/>
        <source>{0} records</source>
        <translation>기록 {0}건</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="145"/>
        <source>Health</source>
        <translation>건강</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="146"/>
        <source>Health (fitness and activity)</source>
        <translation>건강 (운동과 활동)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="147"/>
        <source>Financial</source>
        <translation>금융</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="148"/>
        <source>Household energy use</source>
        <translation>가정 에너지 사용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="149"/>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="150"/>
        <source>Biographical</source>
        <translation>인적 사항</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="151"/>
        <source>Social and entertainment activity</source>
        <translation>소셜 및 오락 활동</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="152"/>
        <source>Contact</source>
        <translation>연락처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="153"/>
        <source>Official identifiers</source>
        <translation>공식 식별 번호</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="179"/>
        <source>Consent receipt {0}</source>
        <translation>동의 확인서 {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="180"/>
        <source>Bundle {0}, created {1}, {2}</source>
        <translation>공유 파일 {0}, {1}에 만듦, {2}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="181"/>
        <source>encrypted</source>
        <translation>암호화됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="181"/>
        <source>not encrypted</source>
        <translation>암호화 안 됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="183"/>
        <source>Recipient: {0}</source>
        <translation>받는 사람: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="184"/>
        <source>Purpose: {0} [{1}]</source>
        <translation>목적: {0} [{1}]</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="185"/>
        <source>Expires: {0}</source>
        <translation>만료: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="186"/>
        <source>What was sent: {0}</source>
        <translation>보낸 내용: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="187"/>
        <source>Identifying details sent: {0}</source>
        <translation>보낸 식별 정보: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="188"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="190"/>
        <source>Sensitive: {0}</source>
        <translation>민감 정보: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="191"/>
        <source>Saved as: {0}</source>
        <translation>저장 위치: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="192"/>
        <source>Status: {0}</source>
        <translation>상태: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="196"/>
        <source>Files:</source>
        <translation>파일:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="199"/>
        <source>Records sent:</source>
        <translation>보낸 기록:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="211"/>
        <source>Records sent: {0}</source>
        <translation>보낸 기록: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="215"/>
        <source>(since deleted)</source>
        <translation>(이후 삭제됨)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="278"/>
        <source>Save the withdrawal notice</source>
        <translation>동의 철회 통지 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="278"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="315"/>
        <source>Not withdrawn</source>
        <translation>철회하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="308"/>
        <source>Consent withdrawn</source>
        <translation>동의를 철회했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="72"/>
        <source>What was sent</source>
        <translation>보낸 내용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shares_view.py" line="309"/>
        <source>Send {0} to the recipient.</source>
        <translation>{0} 파일을 받는 사람에게 보내세요.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="26"/>
        <source>Import files</source>
        <translation>파일 가져오기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="27"/>
        <source>Search records</source>
        <translation>기록 검색</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="29"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="30"/>
        <source>Clear the search and go back to the timeline</source>
        <translation>검색을 지우고 타임라인으로 돌아가기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="34"/>
        <source>Copy the value of the selected record (cleared from the clipboard after 30 s)</source>
        <translation>선택한 기록의 값 복사 (30초 후 클립보드에서 지워짐)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="38"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="39"/>
        <source>Lock the vault now</source>
        <translation>지금 금고 잠그기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="42"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="44"/>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="46"/>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="47"/>
        <source>Move between the search, the filters, the timeline and the detail pane</source>
        <translation>검색, 필터, 타임라인, 상세 창 사이를 이동</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="52"/>
        <source>Up / Down, Page Up / Page Down</source>
        <translation>위 / 아래, Page Up / Page Down</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="53"/>
        <source>Move through the timeline</source>
        <translation>타임라인 안에서 이동</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="57"/>
        <source>Newest / oldest record of the timeline (the oldest turns the order to oldest first)</source>
        <translation>타임라인의 최신 / 가장 오래된 기록 (가장 오래된 기록으로 가면 오래된 순으로 바뀝니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="61"/>
        <source>Go to a date in the timeline</source>
        <translation>타임라인에서 날짜로 이동</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="70"/>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="75"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="76"/>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/shortcuts_dialog.py" line="76"/>
        <source>Does</source>
        <translation>동작</translation>
    </message>
</context>
<context>
    <name>SourcesDialog</name>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="40"/>
        <source>Data sources</source>
        <translation>데이터 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="47"/>
        <source>When several sources give the same reading, it is counted once, from the source highest in this list. Nothing is deleted: the others stay visible in each record&apos;s details.</source>
        <translation>여러 출처가 같은 측정값을 주면 이 목록에서 가장 위에 있는 출처의 값으로 한 번만 셉니다. 아무것도 지우지 않으며, 나머지 값은 각 기록의 상세 정보에서 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="55"/>
        <source>Sources in order of preference</source>
        <translation>우선순위에 따른 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="59"/>
        <source>Move up</source>
        <translation>위로</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="61"/>
        <source>Move down</source>
        <translation>아래로</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="63"/>
        <source>Default order</source>
        <translation>기본 순서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="64"/>
        <source>Hospital first, then measuring devices, then the phone, then what was typed in</source>
        <translation>병원, 측정 기기, 휴대폰, 직접 입력한 값 순서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="81"/>
        <source>Reading...</source>
        <translation>읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="91"/>
        <source>{source} ({n} readings)</source>
        <translation>{source} (측정값 {n}개)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="94"/>
        <source>No measurements yet.</source>
        <translation>아직 측정값이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="116"/>
        <source>The default order will be used.</source>
        <translation>기본 순서를 사용합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/sources_dialog.py" line="123"/>
        <source>Regrouping the readings...</source>
        <translation>측정값을 다시 묶는 중...</translation>
    </message>
</context>
<context>
    <name>Sparkline</name>
    <message>
        <location filename="../../wallet/ui/home.py" line="76"/>
        <source>Trend</source>
        <translation>추세</translation>
    </message>
</context>
<context>
    <name>StandingPanel</name>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="64"/>
        <source>Your latest values beside published references. Each row names the reference it compares with; these are the references&apos; own words and numbers, not a diagnosis. Nothing leaves this computer.</source>
        <translation>최근 측정값을 공개된 참고 기준과 나란히 보여 줍니다. 각 줄에 비교한 참고 자료를 적었으며, 참고 자료의 표현과 수치 그대로이고 진단이 아닙니다. 아무것도 이 컴퓨터 밖으로 나가지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="70"/>
        <source>Where your values stand</source>
        <translation>내 값의 위치</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="72"/>
        <source>Measurement</source>
        <translation>측정 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="73"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="74"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="75"/>
        <source>What the reference says</source>
        <translation>참고 기준의 분류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="76"/>
        <source>Reference</source>
        <translation>참고 자료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="87"/>
        <source>About the chosen comparison</source>
        <translation>선택한 비교에 대하여</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="115"/>
        <source>Reading...</source>
        <translation>읽는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="138"/>
        <source>The laboratory&apos;s own range: {range}</source>
        <translation>검사 기관의 참고 범위: {range}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="144"/>
        <source>Nothing to compare yet. Import health records with blood pressure, weight and height, blood tests (glucose, HbA1c, cholesterol, kidney function) or, for a child, weight, height and head circumference with the child&apos;s birth date and sex.</source>
        <translation>아직 비교할 값이 없습니다. 혈압, 체중과 키, 혈액검사(혈당, 당화혈색소, 콜레스테롤, 신장 기능)가 담긴 건강 기록을 가져오거나, 아이의 경우 생년월일과 성별과 함께 체중, 키, 머리둘레를 가져오세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="149"/>
        <source>No values to chart.</source>
        <translation>차트에 표시할 값이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="182"/>
        <source>Reference range</source>
        <translation>참고 범위</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="191"/>
        <source>Could not read: {error}</source>
        <translation>읽을 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="218"/>
        <source>Each reading in this guideline (newest first):</source>
        <translation>이 지침에 따른 측정값 (최신순):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="231"/>
        <source>The laboratory&apos;s own range:</source>
        <translation>검사 기관의 참고 범위:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="237"/>
        <source>The reference says:</source>
        <translation>참고 기준:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="244"/>
        <source>z-score {z}, percentile {p}</source>
        <translation>z 점수 {z}, 백분위 {p}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="252"/>
        <source>How:</source>
        <translation>계산 방법:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="256"/>
        <source>Reference:</source>
        <translation>참고 자료:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="258"/>
        <source>Population:</source>
        <translation>대상 집단:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="260"/>
        <source>Licence:</source>
        <translation>이용 조건:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/insights_view.py" line="271"/>
        <source>A fact from a published reference, not a diagnosis: talk to a doctor about what it means for you.</source>
        <translation>공개된 참고 자료에 따른 사실이며 진단이 아닙니다. 본인에게 어떤 의미인지는 의사와 상담하세요.</translation>
    </message>
</context>
<context>
    <name>Strength</name>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="93"/>
        <source>Very weak</source>
        <translation>매우 약함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="94"/>
        <source>Weak</source>
        <translation>약함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="95"/>
        <source>Fair</source>
        <translation>보통</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="96"/>
        <source>Good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="97"/>
        <source>Strong</source>
        <translation>강함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="105"/>
        <source>Type a passphrase.</source>
        <translation>암호 문구를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="106"/>
        <source>Use at least 8 characters.</source>
        <translation>8자 이상 사용하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="107"/>
        <source>Avoid common words and number runs.</source>
        <translation>흔한 단어와 연속된 숫자는 피하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="108"/>
        <source>Several unrelated words make a strong passphrase.</source>
        <translation>서로 관계없는 여러 단어를 이어 쓰면 강한 암호 문구가 됩니다.</translation>
    </message>
</context>
<context>
    <name>TargetForm</name>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="89"/>
        <source>Target name</source>
        <translation>대상 이름</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="90"/>
        <source>e.g. nas, usb, cloud</source>
        <translation>예: nas, usb, cloud</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="92"/>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="94"/>
        <source>Kind of storage</source>
        <translation>저장소 종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="95"/>
        <source>Folder or disk</source>
        <translation>폴더 또는 디스크</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="96"/>
        <source>WebDAV (Nextcloud, ownCloud, a NAS)</source>
        <translation>WebDAV (Nextcloud, ownCloud, NAS)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="97"/>
        <source>SFTP (a server you reach with SSH)</source>
        <translation>SFTP (SSH로 접속하는 서버)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="98"/>
        <source>S3-compatible storage</source>
        <translation>S3 호환 저장소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="99"/>
        <source>&amp;Kind:</source>
        <translation>종류(&amp;K):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="106"/>
        <source>A folder on this computer, a USB disk, a synced folder</source>
        <translation>이 컴퓨터의 폴더, USB 디스크, 동기화되는 폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="107"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="108"/>
        <source>&amp;Choose...</source>
        <translation>선택(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="113"/>
        <source>Folder:</source>
        <translation>폴더:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="118"/>
        <source>WebDAV address</source>
        <translation>WebDAV 주소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="120"/>
        <source>WebDAV user name</source>
        <translation>WebDAV 사용자 이름</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="122"/>
        <source>WebDAV password</source>
        <translation>WebDAV 비밀번호</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="124"/>
        <source>Folder on the WebDAV server</source>
        <translation>WebDAV 서버의 폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="125"/>
        <source>Address (URL):</source>
        <translation>주소(URL):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="126"/>
        <location filename="../../wallet/ui/backup_targets.py" line="153"/>
        <source>User:</source>
        <translation>사용자:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="127"/>
        <location filename="../../wallet/ui/backup_targets.py" line="154"/>
        <source>Password:</source>
        <translation>비밀번호:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="128"/>
        <location filename="../../wallet/ui/backup_targets.py" line="156"/>
        <source>Folder on the server:</source>
        <translation>서버의 폴더:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="133"/>
        <source>SFTP host</source>
        <translation>SFTP 호스트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="137"/>
        <source>SFTP port</source>
        <translation>SFTP 포트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="139"/>
        <source>SFTP user name</source>
        <translation>SFTP 사용자 이름</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="140"/>
        <source>Leave empty when a key file is used</source>
        <translation>키 파일을 쓸 때는 비워 두세요</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="141"/>
        <source>SFTP password</source>
        <translation>SFTP 비밀번호</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="142"/>
        <source>Optional: a private key file, e.g. ~/.ssh/id_ed25519</source>
        <translation>선택 사항: 개인 키 파일, 예: ~/.ssh/id_ed25519</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="143"/>
        <source>SSH key file</source>
        <translation>SSH 키 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="144"/>
        <source>C&amp;hoose...</source>
        <translation>선택(&amp;H)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="150"/>
        <source>Folder on the SFTP server</source>
        <translation>SFTP 서버의 폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="151"/>
        <source>Host:</source>
        <translation>호스트:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="152"/>
        <source>Port:</source>
        <translation>포트:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="155"/>
        <source>Key file:</source>
        <translation>키 파일:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="161"/>
        <source>S3 endpoint</source>
        <translation>S3 엔드포인트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="163"/>
        <source>S3 bucket</source>
        <translation>S3 버킷</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="165"/>
        <source>S3 access key</source>
        <translation>S3 액세스 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="167"/>
        <source>S3 secret key</source>
        <translation>S3 비밀 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="169"/>
        <source>Folder in the bucket</source>
        <translation>버킷 안의 폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="170"/>
        <source>Endpoint (URL):</source>
        <translation>엔드포인트(URL):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="171"/>
        <source>Bucket:</source>
        <translation>버킷:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="172"/>
        <source>Access key:</source>
        <translation>액세스 키:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="173"/>
        <source>Secret key:</source>
        <translation>비밀 키:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="174"/>
        <source>Folder in the bucket:</source>
        <translation>버킷 안의 폴더:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="177"/>
        <source>Passwords and keys are kept only inside your encrypted vault, never in a file.</source>
        <translation>비밀번호와 키는 암호화된 보관함 안에만 보관되며, 파일에 저장되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="189"/>
        <source>Back up into this folder</source>
        <translation>이 폴더에 백업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="194"/>
        <source>The SSH private key</source>
        <translation>SSH 개인 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="221"/>
        <source>Fill in: {what}</source>
        <translation>입력하세요: {what}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="225"/>
        <source>the folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="227"/>
        <source>the address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="235"/>
        <source>the host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="237"/>
        <source>the user</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="245"/>
        <source>Fill in: the password or a key file</source>
        <translation>입력하세요: 비밀번호 또는 키 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="248"/>
        <source>the endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="249"/>
        <source>the bucket</source>
        <translation>버킷</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="253"/>
        <source>the access key</source>
        <translation>액세스 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/backup_targets.py" line="257"/>
        <source>the secret key</source>
        <translation>비밀 키</translation>
    </message>
</context>
<context>
    <name>TrialsPanel</name>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="59"/>
        <source>met</source>
        <translation>충족</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="60"/>
        <source>not met</source>
        <translation>미충족</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="61"/>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="70"/>
        <source>Possible</source>
        <translation>가능</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="71"/>
        <source>Unlikely</source>
        <translation>어려움</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="72"/>
        <source>To check</source>
        <translation>확인 필요</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="189"/>
        <source>&amp;Import study file...</source>
        <translation>임상시험 파일 가져오기(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="190"/>
        <source>A study record or search result saved from ClinicalTrials.gov (JSON)</source>
        <translation>ClinicalTrials.gov에서 저장한 임상시험 기록 또는 검색 결과 (JSON)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="192"/>
        <source>&amp;Find studies online...</source>
        <translation>온라인에서 임상시험 찾기(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="195"/>
        <source>a city (Seoul, 부산) or latitude,longitude</source>
        <translation>도시 (Seoul, 부산) 또는 위도,경도</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="196"/>
        <source>Distance from</source>
        <translation>거리 기준 위치</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="198"/>
        <source>&amp;Near:</source>
        <translation>기준 위치(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="200"/>
        <source>&amp;Remove study</source>
        <translation>임상시험 삭제(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="215"/>
        <source>Studies</source>
        <translation>임상시험</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="217"/>
        <source>Pre-screen</source>
        <translation>사전 확인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="218"/>
        <source>Study</source>
        <translation>임상시험</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="219"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="220"/>
        <source>Met</source>
        <translation>충족</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="221"/>
        <source>Not met</source>
        <translation>미충족</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="222"/>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="223"/>
        <source>Nearest site</source>
        <translation>가장 가까운 기관</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="230"/>
        <source>Checklist of the chosen study</source>
        <translation>선택한 임상시험의 점검표</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="231"/>
        <source>Criterion</source>
        <translation>조건</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="231"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="231"/>
        <source>What was used</source>
        <translation>사용한 값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="236"/>
        <source>&amp;Share pre-screen summary...</source>
        <translation>사전 확인 요약 공유(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="238"/>
        <source>Send this checklist and only the records it used to a study site, after you review it</source>
        <translation>검토한 뒤 이 점검표와 점검에 쓴 기록만 연구 기관에 보냅니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="248"/>
        <source>A pre-screen from your own records, not a decision: the study team decides who can take part.</source>
        <translation>내 기록으로 한 사전 확인일 뿐 결정이 아닙니다. 참여 여부는 연구팀이 정합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="277"/>
        <source>Checking the studies against your records...</source>
        <translation>내 기록과 임상시험을 비교하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="288"/>
        <source>{km} km, {city}</source>
        <translation>{km} km, {city}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="306"/>
        <source>No studies yet. Import a study saved from ClinicalTrials.gov (its JSON download), or find studies online: only the words you type are sent.</source>
        <translation>아직 임상시험이 없습니다. ClinicalTrials.gov에서 저장한 임상시험(JSON 다운로드)을 가져오거나 온라인에서 찾으세요. 입력한 단어만 보냅니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="314"/>
        <source>{n} studies, checked against your records on this computer.</source>
        <translation>임상시험 {n}건을 이 컴퓨터에서 내 기록과 비교했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="330"/>
        <source>Who can take part</source>
        <translation>참여할 수 있는 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="331"/>
        <source>Who cannot take part</source>
        <translation>참여할 수 없는 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="347"/>
        <source>To ask the study team ({n})</source>
        <translation>연구팀에 물어볼 것 ({n})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="354"/>
        <source>Sites ({n})</source>
        <translation>기관 ({n})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="356"/>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="364"/>
        <source>Could not check the studies: {error}</source>
        <translation>임상시험을 비교할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="385"/>
        <source>Unknown place</source>
        <translation>알 수 없는 장소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="409"/>
        <source>Import studies from ClinicalTrials.gov</source>
        <translation>ClinicalTrials.gov 임상시험 가져오기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="411"/>
        <source>Study records (*.json);;All files (*)</source>
        <translation>임상시험 기록 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="427"/>
        <source>Asking ClinicalTrials.gov...</source>
        <translation>ClinicalTrials.gov에 요청하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="439"/>
        <source>{added} studies added, {updated} updated.</source>
        <translation>임상시험 {added}건 추가, {updated}건 갱신.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="445"/>
        <source>No studies added</source>
        <translation>추가된 임상시험 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="457"/>
        <source>Not removed</source>
        <translation>삭제하지 못했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/trials_view.py" line="479"/>
        <source>Cannot prepare the share</source>
        <translation>공유를 준비할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="429"/>
        <source>MyData Wallet is locked</source>
        <translation>마이데이터 지갑이 잠겨 있습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="435"/>
        <source>Vault: {path}</source>
        <translation>금고: {path}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="440"/>
        <source>Recent vaults</source>
        <translation>최근 금고</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="441"/>
        <source>Open another vault used on this computer</source>
        <translation>이 컴퓨터에서 쓴 다른 금고 열기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="442"/>
        <source>Other recent vaults...</source>
        <translation>다른 최근 금고...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="450"/>
        <location filename="../../wallet/ui/gate.py" line="451"/>
        <location filename="../../wallet/ui/gate.py" line="496"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="455"/>
        <source>Use the &amp;recovery key instead</source>
        <translation>대신 복구 키 사용(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="456"/>
        <source>Use the recovery key instead</source>
        <translation>대신 복구 키 사용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="460"/>
        <source>&amp;Unlock</source>
        <translation>잠금 해제(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="461"/>
        <source>Unlock</source>
        <translation>잠금 해제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="466"/>
        <source>Restore from &amp;backup...</source>
        <translation>백업에서 복원(&amp;B)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="473"/>
        <source>Unlocking</source>
        <translation>잠금 해제 중</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="476"/>
        <source>Unlock error</source>
        <translation>잠금 해제 오류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="496"/>
        <source>Recovery key</source>
        <translation>복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="528"/>
        <source>Unlocking with the key remembered on this computer...</source>
        <translation>이 컴퓨터에 기억한 키로 잠금 해제하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="538"/>
        <source>The remembered key could not be used ({error}). Type your passphrase.</source>
        <translation>기억한 키를 사용할 수 없습니다 ({error}). 암호 문구를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="551"/>
        <source>Unlocking...</source>
        <translation>잠금 해제 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="598"/>
        <source>Wrong recovery key.</source>
        <translation>복구 키가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="598"/>
        <source>Wrong passphrase.</source>
        <translation>암호 문구가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="608"/>
        <location filename="../../wallet/ui/gate.py" line="619"/>
        <location filename="../../wallet/ui/gate.py" line="629"/>
        <source>Try again in {n} s.</source>
        <translation>{n}초 후에 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="613"/>
        <source>The vault could not be opened: {error}</source>
        <translation>금고를 열 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="509"/>
        <source>{n} failed unlock attempts.</source>
        <translation>잠금 해제 실패 {n}회.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="571"/>
        <source>Unlocked</source>
        <translation>잠금 해제됨</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="581"/>
        <source>There were {n} failed unlock attempts since {since} (recorded in the audit log). If that was not you, someone tried to open your vault.</source>
        <translation>{since} 이후 잠금 해제에 {n}번 실패했습니다(감사 기록에 남았습니다). 본인이 아니었다면 누군가 금고를 열려고 한 것입니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="588"/>
        <source>The vault is read-only (a read-only disk or folder): it can be read, but nothing can be changed, and this opening is not recorded in the audit log.</source>
        <translation>금고가 읽기 전용입니다(읽기 전용 디스크나 폴더). 읽을 수는 있지만 아무것도 바꿀 수 없으며, 이번 열기는 감사 기록에 남지 않습니다.</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="44"/>
        <source>Verify a share bundle</source>
        <translation>공유 파일 검증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="53"/>
        <source>Choose bundle...</source>
        <translation>파일 선택...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="55"/>
        <source>Recipient&apos;s private key...</source>
        <translation>받는 사람의 개인 키...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="56"/>
        <source>Needed only for a bundle encrypted for you</source>
        <translation>나에게 암호화된 파일에만 필요합니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="58"/>
        <location filename="../../wallet/ui/verify_dialog.py" line="135"/>
        <source>no private key</source>
        <translation>개인 키 없음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="63"/>
        <source>Choose a bundle to verify.</source>
        <translation>검증할 공유 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="68"/>
        <source>Check</source>
        <translation>검사 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="68"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="68"/>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="78"/>
        <source>A valid signature proves that the bundle is unchanged since it was made, and that it was made by whoever holds the key with this fingerprint. It does not prove that the data is true, nor who that person is in the real world: compare the key fingerprint with one you got from the holder in person or over another channel you trust.</source>
        <translation>유효한 서명은 이 파일이 만들어진 뒤 바뀌지 않았고, 이 지문을 가진 키의 소유자가 만들었다는 것을 증명합니다. 데이터가 사실인지, 그 사람이 실제로 누구인지는 증명하지 않습니다. 키 지문을 소유자에게 직접 또는 신뢰할 수 있는 다른 경로로 받은 지문과 비교하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="86"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="113"/>
        <source>Share bundle</source>
        <translation>공유 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="113"/>
        <source>Share bundles (*.zip *.jwe *.json);;All files (*)</source>
        <translation>공유 파일 (*.zip *.jwe *.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="120"/>
        <source>Your private key (JWK)</source>
        <translation>내 개인 키 (JWK)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="120"/>
        <source>JSON Web Key (*.json *.jwk);;All files (*)</source>
        <translation>JSON 웹 키 (*.json *.jwk);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="130"/>
        <source>cannot read the key: {0}</source>
        <translation>키를 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="135"/>
        <source>private key loaded</source>
        <translation>개인 키를 불러왔습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="145"/>
        <source>Verifying {0}...</source>
        <translation>{0} 검증 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="160"/>
        <source>Could not verify the bundle.</source>
        <translation>공유 파일을 검증할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="175"/>
        <source>ok</source>
        <translation>통과</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="175"/>
        <source>FAILED</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="183"/>
        <source>Verified: {0}, signed by {1}</source>
        <translation>검증됨: {0}, 서명한 키 {1}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="188"/>
        <source>Signature valid, but signed by an unknown key {0}: not checked against anyone you know ({1})</source>
        <translation>서명은 유효하지만 알 수 없는 키 {0}로 서명되었습니다: 아는 사람의 키와 대조하지 않았습니다 ({1})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="194"/>
        <source>NOT verified: {0} (failed: {1})</source>
        <translation>검증 실패: {0} (실패한 검사: {1})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/verify_dialog.py" line="198"/>
        <source>What it claims (signed, not checked against the real world):</source>
        <translation>파일에 적힌 내용 (서명되어 있으나 실제 사실인지는 확인하지 않음):</translation>
    </message>
</context>
<context>
    <name>WalletApp</name>
    <message>
        <location filename="../../wallet/ui/app.py" line="126"/>
        <source>Vault in use</source>
        <translation>사용 중인 보관함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/app.py" line="127"/>
        <source>This vault is open in another MyData Wallet window too.</source>
        <translation>이 보관함은 다른 MyData Wallet 창에서도 열려 있습니다.</translation>
    </message>
</context>
<context>
    <name>Whose</name>
    <message>
        <location filename="../../wallet/ui/whose.py" line="30"/>
        <source>unknown person</source>
        <translation>알 수 없는 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="32"/>
        <source>Me</source>
        <translation>나</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="33"/>
        <source>{name} (holder)</source>
        <translation>{name} (본인)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="39"/>
        <source>Showing: {name}</source>
        <translation>표시 중: {name}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="44"/>
        <source>Showing: everyone&apos;s records</source>
        <translation>표시 중: 모든 사람의 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="51"/>
        <source>1 result for “{text}” in everyone&apos;s records</source>
        <translation>모든 사람의 기록에서 “{text}” 검색 결과 1건</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="52"/>
        <source>{n} results for “{text}” in everyone&apos;s records</source>
        <translation>모든 사람의 기록에서 “{text}” 검색 결과 {n}건</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="57"/>
        <source>1 result for “{text}” in the records of {name}</source>
        <translation>{name}의 기록에서 “{text}” 검색 결과 1건</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="60"/>
        <source>{n} results for “{text}” in the records of {name}</source>
        <translation>{name}의 기록에서 “{text}” 검색 결과 {n}건</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/whose.py" line="71"/>
        <source>Whose records are shown</source>
        <translation>누구의 기록이 표시되는지</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <location filename="../../wallet/ui/workers.py" line="221"/>
        <source>Something went wrong</source>
        <translation>문제가 발생했습니다</translation>
    </message>
</context>
</TS>
