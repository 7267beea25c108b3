<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>App</name>
    <message>
        <location filename="../../wallet/ui/app.py" line="191"/>
        <source>MyData Wallet</source>
        <translation>마이데이터 지갑</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/app.py" line="192"/>
        <source>This vault is already open in another MyData Wallet window.</source>
        <translation>이 금고는 이미 다른 마이데이터 지갑 창에서 열려 있습니다.</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="146"/>
        <source>Audit log</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="151"/>
        <source>Audit chain status</source>
        <translation>감사 기록 체인 상태</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="154"/>
        <source>Audit log entries</source>
        <translation>감사 기록 항목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="155"/>
        <source>#</source>
        <translation>번호</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="155"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="155"/>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="155"/>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="181"/>
        <source>The chain is broken:</source>
        <translation>체인이 손상되었습니다:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="183"/>
        <source>Chain intact: {n} entries, none altered or removed.</source>
        <translation>체인 정상: 항목 {n}개, 변경되거나 삭제된 항목이 없습니다.</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../wallet/ui/detail.py" line="56"/>
        <source>Record details</source>
        <translation>기록 세부 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="65"/>
        <source>Record summary</source>
        <translation>기록 요약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="69"/>
        <location filename="../../wallet/ui/detail.py" line="70"/>
        <source>Copy value</source>
        <translation>값 복사</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="71"/>
        <source>Copy the value; the clipboard is cleared after 30 seconds</source>
        <translation>값을 복사합니다. 클립보드는 30초 후에 지워집니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="76"/>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="80"/>
        <location filename="../../wallet/ui/detail.py" line="81"/>
        <source>Provenance</source>
        <translation>출처 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="87"/>
        <location filename="../../wallet/ui/detail.py" line="106"/>
        <location filename="../../wallet/ui/detail.py" line="128"/>
        <source>Attachments</source>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="92"/>
        <source>Attachment preview</source>
        <translation>첨부 파일 미리 보기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="99"/>
        <source>Save attachment as...</source>
        <translation>첨부 파일을 다른 이름으로 저장...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="100"/>
        <source>Save attachment as</source>
        <translation>첨부 파일을 다른 이름으로 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="101"/>
        <source>Writes the attachment, unencrypted, to a file you choose</source>
        <translation>첨부 파일을 암호화하지 않은 상태로, 선택한 파일에 저장합니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="111"/>
        <location filename="../../wallet/ui/detail.py" line="113"/>
        <source>Original data</source>
        <translation>원본 데이터</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="125"/>
        <source>Select a record to see it here.</source>
        <translation>기록을 선택하면 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="136"/>
        <source>Attachments ({n})</source>
        <translation>첨부 파일 ({n})</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="142"/>
        <source>Area</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="143"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="144"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="145"/>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="146"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="152"/>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="153"/>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="155"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="163"/>
        <source>Source file</source>
        <translation>원본 파일</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="164"/>
        <source>Connector</source>
        <translation>커넥터</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="165"/>
        <source>Original id</source>
        <translation>원본 ID</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="166"/>
        <source>Imported</source>
        <translation>가져온 시각</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="167"/>
        <source>Source SHA-256</source>
        <translation>원본 SHA-256</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="171"/>
        <source>Verification</source>
        <translation>검증</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="176"/>
        <source>Warnings</source>
        <translation>경고</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="180"/>
        <source>No warnings.</source>
        <translation>경고가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="198"/>
        <source>This image cannot be shown.</source>
        <translation>이 이미지를 표시할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="201"/>
        <source>{type} cannot be previewed here. Use &quot;Save attachment as...&quot; to open it with another program.</source>
        <translation>{type} 형식은 여기에서 미리 볼 수 없습니다. &quot;첨부 파일을 다른 이름으로 저장...&quot;으로 저장한 뒤 다른 프로그램으로 여세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="214"/>
        <source>Save attachment</source>
        <translation>첨부 파일 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/detail.py" line="229"/>
        <source>Could not save</source>
        <translation>저장할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>Domains</name>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="68"/>
        <source>Health</source>
        <translation>건강</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="69"/>
        <source>Fitness</source>
        <translation>운동</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="70"/>
        <source>Finance</source>
        <translation>금융</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="71"/>
        <source>Energy</source>
        <translation>에너지</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="72"/>
        <source>Documents</source>
        <translation>문서</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="73"/>
        <source>Profile</source>
        <translation>프로필</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="135"/>
        <source>{name}: no connector recognises this file.</source>
        <translation>{name}: 이 파일을 읽을 수 있는 커넥터가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="143"/>
        <source>Choose how to read the file</source>
        <translation>파일을 읽을 방법 선택</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="144"/>
        <source>Several kinds of data fit {name}. Which is it?</source>
        <translation>{name} 파일은 여러 종류의 데이터로 읽을 수 있습니다. 어느 것입니까?</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="191"/>
        <source>A new person</source>
        <translation>새 사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/import_flow.py" line="193"/>
        <source>Whose records are these?</source>
        <translation>누구의 기록입니까?</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="122"/>
        <source>MyData Wallet</source>
        <translation>마이데이터 지갑</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="154"/>
        <source>Person:</source>
        <translation>사람:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="156"/>
        <source>Person</source>
        <translation>사람</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="162"/>
        <source>Search records (Ctrl+F)</source>
        <translation>기록 검색 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="163"/>
        <source>Search records</source>
        <translation>기록 검색</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="171"/>
        <source>Filter by area</source>
        <translation>분야로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="173"/>
        <source>Filter by kind</source>
        <translation>종류로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="176"/>
        <source>Filter by source</source>
        <translation>출처로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="178"/>
        <source>&amp;Dates:</source>
        <translation>기간(&amp;D):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="179"/>
        <source>Filter by date range</source>
        <translation>기간으로 거르기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="182"/>
        <source>From date</source>
        <translation>시작 날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="182"/>
        <source>To date</source>
        <translation>끝 날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="189"/>
        <location filename="../../wallet/ui/main_window.py" line="190"/>
        <source>Clear filters</source>
        <translation>필터 지우기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="193"/>
        <source>Area:</source>
        <translation>분야:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="194"/>
        <source>Kind:</source>
        <translation>종류:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="195"/>
        <source>Source:</source>
        <translation>출처:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="215"/>
        <source>Area / source</source>
        <translation>분야 / 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="215"/>
        <location filename="../../wallet/ui/main_window.py" line="227"/>
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="216"/>
        <source>Areas and sources</source>
        <translation>분야와 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="261"/>
        <source>All areas</source>
        <translation>모든 분야</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="268"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="269"/>
        <source>&amp;Import...</source>
        <translation>가져오기(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="273"/>
        <source>&amp;Share...</source>
        <translation>공유(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="278"/>
        <source>&amp;Lock now</source>
        <translation>지금 잠그기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="282"/>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="288"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="289"/>
        <source>&amp;Find</source>
        <translation>찾기(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="293"/>
        <source>Copy &amp;value</source>
        <translation>값 복사(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="298"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="299"/>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="304"/>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="305"/>
        <source>&amp;Audit log...</source>
        <translation>감사 기록(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="308"/>
        <source>&amp;Emergency record...</source>
        <translation>응급 기록(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="313"/>
        <source>&amp;Settings...</source>
        <translation>설정(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="320"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="321"/>
        <source>&amp;About MyData Wallet</source>
        <translation>마이데이터 지갑 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="338"/>
        <source>Number of records</source>
        <translation>기록 수</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="342"/>
        <source>Import progress</source>
        <translation>가져오기 진행률</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="344"/>
        <location filename="../../wallet/ui/main_window.py" line="345"/>
        <source>Cancel import</source>
        <translation>가져오기 취소</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="479"/>
        <source>Copied. The clipboard will be cleared in 30 seconds.</source>
        <translation>복사했습니다. 클립보드는 30초 후에 지워집니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="487"/>
        <source>Me</source>
        <translation>나</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="589"/>
        <source>All records</source>
        <translation>모든 기록</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="609"/>
        <source>All kinds</source>
        <translation>모든 종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="610"/>
        <source>All sources</source>
        <translation>모든 출처</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="644"/>
        <source>Records: {n}</source>
        <translation>기록: {n}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="681"/>
        <source>Matches: first {n}</source>
        <translation>검색 결과: 처음 {n}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="683"/>
        <source>Matches: {n}</source>
        <translation>검색 결과: {n}개</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="648"/>
        <source>Something went wrong</source>
        <translation>문제가 발생했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="694"/>
        <source>Cannot show the record</source>
        <translation>기록을 표시할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="706"/>
        <source>Import files</source>
        <translation>파일 가져오기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="731"/>
        <source>Importing {name}...</source>
        <translation>{name} 가져오는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="752"/>
        <source>Import finished</source>
        <translation>가져오기 완료</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="755"/>
        <source>{source}: {added} added, {dups} already in the vault, {skipped} skipped.</source>
        <translation>{source}: {added}개 추가, {dups}개는 이미 금고에 있음, {skipped}개 건너뜀.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="759"/>
        <source>{n} with validation warnings.</source>
        <translation>{n}개에 검증 경고가 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="761"/>
        <source>Cancelled: what was imported before stopping is kept.</source>
        <translation>취소됨: 중단 전에 가져온 기록은 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="763"/>
        <source>See the details for why items were skipped.</source>
        <translation>건너뛴 이유는 세부 정보를 보세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="768"/>
        <source>{name} was not imported.</source>
        <translation>{name} 파일을 가져오지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="769"/>
        <source>Import failed</source>
        <translation>가져오기 실패</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="806"/>
        <source>About MyData Wallet</source>
        <translation>마이데이터 지갑 정보</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/main_window.py" line="808"/>
        <source>MyData Wallet {version}

Your health, fitness, finance, energy and document records, encrypted, on your own computer.</source>
        <translation>마이데이터 지갑 {version}

건강, 운동, 금융, 에너지, 문서 기록을 암호화하여 내 컴퓨터에 보관합니다.</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="54"/>
        <source>Choose a passphrase</source>
        <translation>암호 문구 정하기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="57"/>
        <source>Your vault is encrypted with a key protected by this passphrase. Nobody, not even the makers of this program, can open it without the passphrase or the recovery key.</source>
        <translation>금고는 이 암호 문구로 보호되는 키로 암호화됩니다. 암호 문구나 복구 키 없이는 이 프로그램의 제작자를 포함해 누구도 금고를 열 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="64"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="67"/>
        <source>Confirm passphrase</source>
        <translation>암호 문구 확인</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="71"/>
        <source>Passphrase strength</source>
        <translation>암호 문구 강도</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="75"/>
        <source>&amp;Passphrase:</source>
        <translation>암호 문구(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="76"/>
        <source>&amp;Confirm:</source>
        <translation>확인(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="77"/>
        <source>Strength:</source>
        <translation>강도:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="83"/>
        <source>Create vault</source>
        <translation>금고 만들기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="92"/>
        <source>Too weak for a vault: make it longer (at least {n} characters).</source>
        <translation>금고에 쓰기에는 너무 약합니다. 더 길게 만드세요 (최소 {n}자).</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="96"/>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 다릅니다.</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="212"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="215"/>
        <source>Area</source>
        <translation>분야</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="216"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="213"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="214"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/records_model.py" line="217"/>
        <source>Source</source>
        <translation>출처</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="110"/>
        <source>Your recovery key</source>
        <translation>복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="113"/>
        <source>If you forget the passphrase, this key is the only way into the vault. It is shown only now: save it or print it, and keep it somewhere safe, away from this computer.</source>
        <translation>암호 문구를 잊으면 이 키가 금고를 여는 유일한 방법입니다. 지금 한 번만 표시됩니다. 파일로 저장하거나 인쇄하여 이 컴퓨터가 아닌 안전한 곳에 보관하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="120"/>
        <source>Creating the vault</source>
        <translation>금고 만드는 중</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="121"/>
        <source>Creating your vault...</source>
        <translation>금고를 만드는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="124"/>
        <source>Recovery key</source>
        <translation>복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="131"/>
        <source>&amp;Save to a file...</source>
        <translation>파일로 저장(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="132"/>
        <source>Save the recovery key to a file</source>
        <translation>복구 키를 파일로 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="133"/>
        <source>&amp;Print...</source>
        <translation>인쇄(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="134"/>
        <source>Print the recovery key</source>
        <translation>복구 키 인쇄</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="140"/>
        <source>I have stored the recovery key somewhere safe</source>
        <translation>복구 키를 안전한 곳에 보관했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="141"/>
        <source>I have stored the recovery key</source>
        <translation>복구 키를 보관했습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="163"/>
        <source>Creating your vault... (this takes a moment)</source>
        <translation>금고를 만드는 중... (잠시 걸립니다)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="183"/>
        <source>Your vault is ready. Write down or save this recovery key:</source>
        <translation>금고가 준비되었습니다. 이 복구 키를 적어 두거나 저장하세요:</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="190"/>
        <source>The vault could not be created: {error}</source>
        <translation>금고를 만들 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="198"/>
        <source>MyData Wallet recovery key</source>
        <translation>마이데이터 지갑 복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="202"/>
        <source>Vault: {path}</source>
        <translation>금고: {path}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="204"/>
        <source>Keep this safe. Anyone with this key and your vault files can read your vault.</source>
        <translation>안전하게 보관하세요. 이 키와 금고 파일을 가진 사람은 누구나 금고를 읽을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="210"/>
        <source>Save the recovery key</source>
        <translation>복구 키 저장</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="221"/>
        <source>Could not save</source>
        <translation>저장할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="223"/>
        <source>Saved to {path}.</source>
        <translation>{path}에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>RememberPage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="244"/>
        <source>Unlock without typing? (optional)</source>
        <translation>입력 없이 열기 (선택 사항)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="247"/>
        <source>The key can be kept in this computer&apos;s keyring (the system&apos;s password store), so the vault opens when you log in to this computer. Anyone using your computer account could then open it. You can change this later in Settings.</source>
        <translation>키를 이 컴퓨터의 키링(시스템 암호 저장소)에 보관하면 이 컴퓨터에 로그인했을 때 금고가 바로 열립니다. 그러면 내 컴퓨터 계정을 쓰는 사람은 누구나 금고를 열 수 있습니다. 나중에 설정에서 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="253"/>
        <source>&amp;Remember on this computer</source>
        <translation>이 컴퓨터에 기억(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="254"/>
        <source>Remember on this computer</source>
        <translation>이 컴퓨터에 기억</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="269"/>
        <source>Asking the system keyring...</source>
        <translation>시스템 키링에 요청하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="278"/>
        <source>The key is remembered on this computer.</source>
        <translation>이 컴퓨터에 키를 기억했습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="278"/>
        <source>The key is not remembered.</source>
        <translation>키를 기억하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="290"/>
        <source>Cannot remember the key: {error}. You will type the passphrase each time.</source>
        <translation>키를 기억할 수 없습니다: {error}. 매번 암호 문구를 입력해야 합니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="295"/>
        <source>Cannot remember the key: {error}</source>
        <translation>키를 기억할 수 없습니다: {error}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="50"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="55"/>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="56"/>
        <source>Never</source>
        <translation>안 함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="58"/>
        <source>Lock after minutes of inactivity</source>
        <translation>사용하지 않을 때 잠글 때까지의 시간(분)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="59"/>
        <source>&amp;Lock when idle for:</source>
        <translation>유휴 시 잠금(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="61"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="62"/>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="67"/>
        <source>Lan&amp;guage:</source>
        <translation>언어(&amp;G):</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="71"/>
        <source>&amp;Forget the remembered key</source>
        <translation>기억한 키 지우기(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="72"/>
        <source>Forget the key remembered on this computer</source>
        <translation>이 컴퓨터에 기억한 키 지우기</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="74"/>
        <source>&amp;Remember on this computer</source>
        <translation>이 컴퓨터에 기억(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="75"/>
        <source>Remember on this computer</source>
        <translation>이 컴퓨터에 기억</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="99"/>
        <source>The key is remembered on this computer: the vault opens without typing.</source>
        <translation>이 컴퓨터에 키가 기억되어 있습니다. 입력 없이 금고가 열립니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="101"/>
        <source>The key is not remembered: the passphrase is asked each time.</source>
        <translation>키가 기억되어 있지 않습니다. 매번 암호 문구를 묻습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="109"/>
        <source>Asking the system keyring...</source>
        <translation>시스템 키링에 요청하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/dialogs.py" line="124"/>
        <source>The system keyring is not available: {error}</source>
        <translation>시스템 키링을 사용할 수 없습니다: {error}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="314"/>
        <location filename="../../wallet/ui/gate.py" line="315"/>
        <source>Create your vault</source>
        <translation>금고 만들기</translation>
    </message>
</context>
<context>
    <name>Strength</name>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="80"/>
        <source>Very weak</source>
        <translation>매우 약함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="81"/>
        <source>Weak</source>
        <translation>약함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="82"/>
        <source>Fair</source>
        <translation>보통</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="83"/>
        <source>Good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="84"/>
        <source>Strong</source>
        <translation>강함</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="91"/>
        <source>Type a passphrase.</source>
        <translation>암호 문구를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="92"/>
        <source>Use at least 8 characters.</source>
        <translation>8자 이상 사용하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="93"/>
        <source>Avoid common words and number runs.</source>
        <translation>흔한 단어와 연속된 숫자는 피하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/i18n.py" line="94"/>
        <source>Several unrelated words make a strong passphrase.</source>
        <translation>서로 관계없는 여러 단어를 이어 쓰면 강한 암호 문구가 됩니다.</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../wallet/ui/gate.py" line="360"/>
        <source>MyData Wallet is locked</source>
        <translation>마이데이터 지갑이 잠겨 있습니다</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="366"/>
        <source>Vault: {path}</source>
        <translation>금고: {path}</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="372"/>
        <location filename="../../wallet/ui/gate.py" line="373"/>
        <location filename="../../wallet/ui/gate.py" line="409"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="376"/>
        <source>Use the &amp;recovery key instead</source>
        <translation>대신 복구 키 사용(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="377"/>
        <source>Use the recovery key instead</source>
        <translation>대신 복구 키 사용</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="381"/>
        <source>&amp;Unlock</source>
        <translation>잠금 해제(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="382"/>
        <source>Unlock</source>
        <translation>잠금 해제</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="391"/>
        <source>Unlocking</source>
        <translation>잠금 해제 중</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="394"/>
        <source>Unlock error</source>
        <translation>잠금 해제 오류</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="409"/>
        <source>Recovery key</source>
        <translation>복구 키</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="433"/>
        <source>Unlocking with the key remembered on this computer...</source>
        <translation>이 컴퓨터에 기억한 키로 잠금 해제하는 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="443"/>
        <source>The remembered key could not be used ({error}). Type your passphrase.</source>
        <translation>기억한 키를 사용할 수 없습니다 ({error}). 암호 문구를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="455"/>
        <source>Unlocking...</source>
        <translation>잠금 해제 중...</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="478"/>
        <source>Wrong recovery key.</source>
        <translation>복구 키가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="478"/>
        <source>Wrong passphrase.</source>
        <translation>암호 문구가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="486"/>
        <location filename="../../wallet/ui/gate.py" line="501"/>
        <source>Try again in {n} s.</source>
        <translation>{n}초 후에 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../../wallet/ui/gate.py" line="491"/>
        <source>The vault could not be opened: {error}</source>
        <translation>금고를 열 수 없습니다: {error}</translation>
    </message>
</context>
</TS>
