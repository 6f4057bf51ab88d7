/**
 * Passwords people choose most often, as bases: lower case, without spaces, dots,
 * dashes or underscores. The check (password-policy.ts) also refuses these with digits
 * or symbols around them ("Bismillah123!", "P@ssw0rd"), so the list holds each word once.
 *
 * Compiled by hand from the heads of the widely published leak lists (the "top 10 000"
 * lists that NCSC, SecLists and others publish), keyboard walks and number runs, and the
 * words Indonesians use most: religious phrases, family words, terms of endearment, place
 * and club names, common given names, and the words of the office itself (pegawai,
 * presensi, absen). Small on purpose: it is read once, into a Set, at start.
 */
const WORDS = `
123456 1234567 12345678 123456789 1234567890 0123456789 12345 1234 123123 123321 654321 7654321 87654321
987654321 9876543210 111111 1111111 11111111 000000 00000000 121212 12121212 112233 11223344 123123123
159753 159357 147258 147258369 147852369 963852741 741852963 753951 951753 123654 1234554321 12344321
123654789 321321 456456 456789 666666 777777 7777777 888888 88888888 999999 99999999 101010 131313
202020 232323 252525 696969 112211 123qwe 1qaz2wsx qazwsx qwerty qwertyu qwertyui qwertyuiop qwert
asdfgh asdfghj asdfghjk asdfghjkl zxcvbn zxcvbnm zxcvbnm123 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4
q1w2e3r4t5 qwer1234 qwe123 qweasd qweasdzxc qweqwe asdasd asdqwe zaq12wsx zaq1zaq1 1qazxsw2 poiuytrewq
mnbvcxz lkjhgfdsa qazxsw qazwsxedc 1qaz2wsx3edc abc123 abcd1234 abcdef abcdefg abcdefgh abc12345 a1b2c3
a1b2c3d4 aa123456 aaaaaa aaaaaaaa abcabc qwerty123 qwerty1234 password1 iloveyou1 password passwd
passw0rd pass pass123 password123 letmein welcome welcome1 login admin administrator root toor secret
master monkey dragon shadow sunshine princess football baseball basketball soccer hockey superman batman
spiderman ironman starwars pokemon naruto whatever trustno1 freedom iloveyou loveyou lovely love lover
loveme hello hello123 hellokitty flower flowers summer winter spring autumn purple orange yellow banana
cookie chocolate computer internet samsung iphone android google facebook instagram whatsapp youtube
twitter tiktok mobile nokia toyota honda yamaha suzuki kawasaki ferrari mercedes porsche liverpool
chelsea arsenal manchester manutd barcelona realmadrid juventus acmilan bayern messi ronaldo cristiano
neymar jordan michael jennifer charlie thomas robert daniel andrew joshua matthew jessica ashley nicole
amanda michelle maggie ginger pepper tigger buster hunter ranger killer harley mustang access thunder
taylor matrix dallas austin yankees cowboys eagles steelers lakers jordan23 biteme cheese butter pepper1
angel angels angel1 baby babygirl babyboy sweety sweetheart sweetie honey darling beautiful pretty
princesa prince king queen kingdom heaven jesus christ god godisgood blessed faith hope trinity genesis
nirvana metallica slipknot beatles eminem rockyou rock music guitar piano dancer dance player gamer
gaming minecraft roblox fortnite freefire mobilelegend mobilelegends pubg dota dota2 valorant counter
steam xbox playstation nintendo mario zelda sonic doraemon sailormoon onepiece dragonball goku vegeta
sasuke itachi hinata sakura kakashi luffy zoro anime otaku kpop bts blackpink army exo twice jungkook
jimin taehyung suga jhope namjoon jin lisa jennie rose jisoo mickey minnie disney frozen elsa barbie
kitty snoopy garfield spongebob patrick pikachu charmander tiger lion eagle falcon shark dolphin wolf
bear panda monkey1 donkey horse pony unicorn dragon1 phoenix wizard magic merlin gandalf hobbit frodo
matrix1 neo trinity1 morpheus zion avatar titanic rambo rocky terminator predator alien batman1 joker
superman1 flash arrow marvel avengers thor loki hulk captain america canada london paris france berlin
germany europe england scotland ireland italia italy spain brasil brazil mexico japan tokyo china korea
seoul india russia moscow australia sydney newyork chicago california florida texas hawaii boston miami
vegas changeme default guest test test123 testing tester demo sample example user username qwerty12
nopassword nothing noname unknown private public system server network office work business money dollar
rich million lucky lucky7 winner success power energy freedom1 liberty justice peace welcome123 letmein1
access14 trustme iloveu iloveyou2 myspace mypassword mypass newpass newpassword oldpassword passpass
password12 pass1234 pass12345 admin123 admin1234 root123 user123 login123 superstar star stars starlight
moon sunny sun rainbow blue red green black white silver golden gold diamond crystal ruby pearl emerald
sapphire jasmine daisy lily rosebud cherry apple strawberry lemon mango coconut peanut pumpkin coffee
tea sugar candy cupcake muffin pizza burger chicken bacon soccer1 football1 baseball1 hockey1 golf
tennis boxing karate ninja samurai warrior soldier army1 navy marine pilot doctor nurse teacher student
school college university science physics chemistry biology math mathematics history english spanish
french german latin bismillah bismilah bismillahirrahmanirrahim bismillahirohmanirohim alhamdulillah
alhamdulilah assalamualaikum asalamualaikum astaghfirullah astagfirullah subhanallah allahuakbar allahu
akbar insyaallah insya allah inshaallah masyaallah mashaallah lailahaillallah laillahaillallah
lahaulawalaquwwata allahswt muhammad muhammadsaw mohammad muhamad mohamad ahmad rasulullah islam muslim
muslimah mukmin iman taqwa takwa sholat shalat solat puasa ramadhan ramadan lebaran idulfitri syawal
haji umroh umrah mekah makkah madinah quran alquran yasin kristen katolik yesus yesuskristus tuhan
tuhanyesus tuhanku haleluya haleluyah amin amen berkat berkah barokah rejeki rezeki sukses bahagia
selamat semangat sabar ikhlas syukur bersyukur doa doaibu restuibu indonesia indonesiaraya nkri garuda
garudaindonesia merdeka merdeka45 pancasila bhinneka bhinnekatunggalika nusantara merahputih kemerdekaan
proklamasi sumpahpemuda nasional negara rakyat pahlawan soekarno sukarno hatta soeharto jokowi prabowo
gusdur habibie kartini diponegoro pemerintah pemda pemkab pemkot pemprov kabupaten kota provinsi dinas
kantor kantorku pegawai asn pns pppk cpns honorer guru dosen dokter perawat bidan puskesmas rumahsakit
sekolah kepala kepaladinas kepegawaian bkd bkpsdm bkn presensi absen absensi absenonline hadir kehadiran
masuk pulang lembur selamatpagi selamatdatang selamatsiang selamatmalam admin1 operator superadmin
pengguna sandi katasandi kunci rahasia rahasiaku rahasiakita rahasiaanda kuncirahasia gembok sayang
sayangku sayangkamu sayangmu sayangsayang akusayangkamu akusayangmu cinta cintaku cintamu cintakamu
akucintakamu akucintamu cintasejati cintamati cintaabadi kasih kasihku kekasih kekasihku pacar pacarku
suami suamiku istri istriku kangen rindu rinduku setia selamanya jodoh jodohku mama mamah mami mamaku
papa papah papi papaku ibu ibuku bapak bapakku ayah ayahku bunda bundaku umi abi abah emak mamaayah
ayahbunda ayahibu keluarga keluargaku anak anakku adik adikku kakak kakakku abang abangku mas mbak nenek
kakek sahabat sahabatku teman temanku ganteng cantik manis imut lucu keren kece mantap mantul gokil asik
asyik santai galau bucin jomblo jomblo123 sendiri kesepian baper capek lelah bosan malas rajin pintar
bodoh gila gilabola kucing kucingku meong anjing guguk ayam bebek kambing sapi kerbau kuda harimau macan
singa gajah monyet beruang burung elang rajawali garuda1 merpati kupu kupukupu semut lebah ikan hiu paus
mawar melati anggrek kenanga kamboja teratai bunga bungaku bunga123 pelangi bintang bintangku bulan
matahari langit awan hujan angin laut pantai gunung hutan sungai danau bumi dunia jakarta bandung
surabaya medan makassar semarang yogyakarta jogja jogjakarta solo surakarta bali denpasar malang bogor
depok bekasi tangerang banten cirebon tasikmalaya garut sukabumi palembang lampung jambi riau pekanbaru
padang bukittinggi aceh bandaaceh sumatera sumut sumbar sumsel jawa jabar jateng jatim madura lombok
mataram ntb ntt kupang flores kalimantan kalbar kalteng kalsel kaltim pontianak banjarmasin balikpapan
samarinda sulawesi sulsel sulut manado gorontalo palu kendari ambon maluku ternate papua jayapura
merauke sorong manokwari timika nabire biak wamena persib persibbandung persija persebaya arema aremania
bonek jakmania viking bobotoh pssi timnas garudamuda psm psms persipura persik sriwijaya agus budi dewi
sri siti nur nurul eka dwi tri rina yanti wati putri putra adi andi rizky rizki fajar bayu dian indah
ayu ratna fitri rahmat hidayat hendra joko bambang slamet sugeng wahyu yusuf ilham irfan arif arief dedi
deni dani rudi hadi heru iwan tono tini yuni lestari sari wulan agustina rahmawati susanti handayani
kurniawan setiawan saputra pratama wijaya gunawan santoso susilo hartono sutrisno supriyadi suryani
nugroho prasetyo hermawan firmansyah hidayah mustofa mustafa abdul abdullah rahman rahim aziz hasan
husein ali umar usman fatimah aisyah khadijah maryam zainab aminah nabila salsabila putriani anisa
annisa aulia azzahra zahra dinda intan mega novi novita nina lina lia mira maya tika vina wina yulia
yuli yolanda sayang123 cinta123 bismillah123 indonesia123 rahasia123 katasandi123 password2024
indonesia45 merdeka1945 indonesia1945 garuda1945 jakarta123 bandung123 surabaya123 anthony friends
butterfly justin fuckyou andrea carlos bubbles hannah playboy elizabeth hottie tinkerbell samantha
lovers teamo brandon melissa danielle forever family jonathan vanessa joseph junior softball daniela
lauren alexandra alexis estrella miguel william mylove angela poohbear iloveme adrian alexander destiny
christian monica richard carolina steven rangers louise 789456 shorty nathan gabriel sandra alejandro
george brittany alejandra patricia rachel tequiero antonio heather david stephanie 222222 333333 444444
beauty 987654 victoria fernando corazon cristina kisses manuel rebelde ricardo babygurl martin greenday
alyssa madison mother father sister brother 123abc morgan mariposa maria gabriela bailey jeremy pamela
kimberly gemini shannon pictures asshole sophie jessie claudia angelica mommy daddy january february
march april june july august september october november december monday tuesday wednesday thursday
friday saturday sunday charlie1 michael1 jessica1 ashley1 nicole1 daniel1 jordan1 hannah1 tigger1
sunshine1 princess1 superman123 batman123 dragon123 monkey123 master123 shadow123 football123
baseball123 welcome2024 januari februari maret mei juni juli agustus oktober desember senin selasa rabu
kamis jumat sabtu minggu aries taurus cancer virgo libra scorpio sagitarius capricorn aquarius pisces
bangsat goblok tolol bego jancok jancuk babi kampret
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w !== ''));
