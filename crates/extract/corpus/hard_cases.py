#!/usr/bin/env python3
"""Writes hard.jsonl: hand-written hard cases (labels checked with `phonenumbers`)."""
# Hand-written hard cases: (id, region, text, [(kind, value, role?)])
import json, phonenumbers
C = [
("hard-en-01","US","Call +44 (0)800 048 7123 or +44(0)20 7123 4567 for 'Microsoft UK'.",[("phone","+448000487123","scammer_contact"),("phone","+442071234567","scammer_contact")]),
("hard-en-02","US","The French number was +33 1 43 12 34 56 and the Indian one +91 1800 419 7234.",[("phone","+33143123456"),("phone","+9118004197234")]),
("hard-en-03","US","dial 011 33 1 43 12 34 56 from the US",[("phone","+33143123456","scammer_contact")]),
("hard-en-04","US","My number is (415) 555-2671 and theirs was 1-888-281-8482.",[("phone","+14155552671","victim_own"),("phone","+18882818482")]),
("hard-en-05","US","Fictitious: (212) 555-0147, 212.555.0199 and 1-312-555-0100 are not real lines.",[]),
("hard-en-06","US","Error # 268D3 and 0x80070005, build 10.0.19045.3570, KB5034441, then call 1-844-281-8482",[("phone","+18442818482","scammer_contact")]),
("hard-en-07","US","They ran script.py, readme.md, setup.sh and run.ps1 then opened secure-alert.com.",[("domain","secure-alert.com")]),
("hard-en-08","US","Files: update.zip and invoice.pdf; site: fix-my-pc[.]zip (defanged)",[("domain","fix-my-pc.zip")]),
("hard-en-09","US","Order #112-3456789-1234567 shipped; tracking 1Z999AA10123456784; case 04512378; invoice total $1,299.99 on 10/12/2023 at 10:45 AM.",[]),
("hard-en-10","US","Call toll free 1 800 642\n7676 right now",[("phone","+18006427676","scammer_contact")]),
("hard-en-11","US","go to hxxps[:]//secure-alert[.]com/fix?id=1 or www.windows-help-desk.com/chat",[("url","https://secure-alert.com/fix?id=1","scammer_contact"),("domain","secure-alert.com"),("url","http://www.windows-help-desk.com/chat","scammer_contact"),("domain","www.windows-help-desk.com")]),
("hard-en-12","US","the page https://bücher.de/kasse asked for my card",[("url","https://xn--bcher-kva.de/kasse"),("domain","xn--bcher-kva.de")]),
("hard-en-13","US","mirror at win-fix-now(.)azurewebsites(.)net and support[dot]microsoft-care[dot]com",[("domain","win-fix-now.azurewebsites.net"),("domain","support.microsoft-care.com")]),
("hard-en-14","US","email Help.Desk[at]Gmail[.]com or billing (at) refund-team [dot] com",[("email","help.desk@gmail.com"),("email","billing@refund-team.com")]),
("hard-en-15","US","Afterwards I called the real Microsoft at 1-800-642-7676 and they said the pop-up number 1-855-210-4432 was fake.",[("phone","+18006427676","legitimate_reference"),("phone","+18552104432")]),
("hard-en-16","US","AnyDesk ID 492 966 566; my SSN-like 123 456 789 with no tool; TeamViewer: 1 234 567 890",[("remote_id","anydesk:492966566","scammer_contact"),("remote_id","teamviewer:1234567890","scammer_contact")]),
("hard-en-17","US","He asked for Apple gift card X4RT-7YHJ-9KLM-2NP3 and a Google Play code 7B2K 9QWE 4RTY 8UIP.",[("gift_card","apple:X4RT7YHJ9KLM2NP3","payment_destination"),("gift_card","google_play:7B2K9QWE4RTY8UIP","payment_destination")]),
("hard-en-18","US","BTC bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, taproot bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297, legacy 1BoatSLRHtKNngkdXEeobR76b53LETtpyT",[("crypto_wallet","btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4","payment_destination"),("crypto_wallet","btc:bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297","payment_destination"),("crypto_wallet","btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT","payment_destination")]),
("hard-en-19","US","ETH 0x52908400098527886E0F7030069857D2E4169EE7 is fine but 0x52908400098527886E0F7030069857D2E4169Ee7 has a bad checksum.",[("crypto_wallet","eth:0x52908400098527886e0f7030069857d2e4169ee7","payment_destination")]),
("hard-en-20","US","server 203.0.113[.]7 and 2001:db8::1; version 1.2.3 and 10.0.0 are not addresses",[("ip","203.0.113.7"),("ip","2001:db8::1")]),
("hard-en-21","US","Chrome 121.0.6167.185 reported error 0x800F081F at 14:32:07 on 2024-03-05",[]),
("hard-en-22","GB","Caller on 0800 048 7123 said to ring back on 020 7946 0123; my mobile is 07911 123456.",[("phone","+448000487123","scammer_contact"),("phone","+442079460123","scammer_contact"),("phone","+447911123456","victim_own")]),
("hard-en-23","US","Amount: 4,999.00 USD. Paid 1500 dollars. 25% fee. Ref 8442818482.",[]),
("hard-en-24","US","Card number 4111 1111 1111 1111 was charged.",[]),
("hard-en-25","US","call +1 844 281 8482 +1 855 210 4432 +1 866 301 2233",[("phone","+18442818482","scammer_contact"),("phone","+18552104432","scammer_contact"),("phone","+18663012233","scammer_contact")]),
("hard-fr-01","FR","Ils m'ont dit d'appeler le 09 70 12 34 56, puis le 09.70.73.45.12.",[("phone","+33970123456","scammer_contact"),("phone","+33970734512","scammer_contact")]),
("hard-fr-02","FR","Mon numéro est le 06 12 34 56 78, le leur 01 43 12 34\n56.",[("phone","+33612345678","victim_own"),("phone","+33143123456")]),
("hard-fr-03","FR","Commande n° 0612345678 du 12/10/2023 à 10h45, montant 1 500,00 €.",[]),
("hard-fr-04","FR","Le vrai numéro de ma banque est le 09 69 39 99 98 ; le faux était le +33 (0)9 70 73 45 12.",[("phone","+33969399998","legitimate_reference"),("phone","+33970734512")]),
("hard-fr-05","FR","Le site hxxps://aide-windows[.]fr/ticket?id=42 et le domaine securite-microsoft[dot]fr",[("url","https://aide-windows.fr/ticket?id=42"),("domain","aide-windows.fr"),("domain","securite-microsoft.fr")]),
("hard-fr-06","FR","Virement sur FR76 3000 6000 0112 3456 7890 189 ; l'autre IBAN FR76 3000 6000 0112 3456 7890 188 est faux.",[("iban","FR7630006000011234567890189","payment_destination")]),
("hard-fr-07","FR","Erreur 0x80070005 sur Windows 11 version 23H2 (build 22631.3296), dossier n° 2024-118734.",[]),
("hard-fr-08","FR","Appelez le 0033 9 70 12 34 56 ou le 00 44 800 048 7123.",[("phone","+33970123456","scammer_contact"),("phone","+448000487123","scammer_contact")]),
("hard-fr-09","FR","Il m'a fait acheter des cartes cadeaux Transcash 1234 5678 9012 3456 et PCS 9876 5432 1098 7654.",[("gift_card","transcash:1234567890123456","payment_destination"),("gift_card","pcs:9876543210987654","payment_destination")]),
("hard-fr-10","FR","Le fichier lisez-moi.md et le script nettoyage.sh, puis le site depannage-pc.fr.",[("domain","depannage-pc.fr")]),
("hard-fr-11","FR","TeamViewer ID 1 234 567 890 ; sans outil nommé, 987 654 321 n'est rien.",[("remote_id","teamviewer:1234567890","scammer_contact")]),
("hard-fr-12","FR","Le 25/12/2023 à 14:30, colis suivi 6A12345678901, facture F-2023-0042.",[]),
("hard-hi-01","IN","Sir ne bola 91234 56789 pe call karo, mera number 98765 43210 hai.",[("phone","+919123456789","scammer_contact"),("phone","+919876543210","victim_own")]),
("hard-hi-02","IN","Helpline 1800-419-7234 pe baat hui, phir +91-91234-56780 se call aaya.",[("phone","+9118004197234","scammer_contact"),("phone","+919123456780","scammer_contact")]),
("hard-hi-03","IN","UPI refund.desk99@okaxis pe pay karo, email support@gmail.com pe mat bhejo.",[("upi","refund.desk99@okaxis","payment_destination"),("email","support@gmail.com")]),
("hard-hi-04","IN","A/c 50100234567890 IFSC HDFC0001234 mein 45000 rupees transfer kiya, UTR 312345678901.",[("bank_account","HDFC0001234:50100234567890","payment_destination")]),
("hard-hi-05","IN","Aadhaar 1234 5678 9012, PAN ABCDE1234F, PNR 4512345678, OTP 482913 — ye sab maanga.",[]),
("hard-hi-06","IN","AnyDesk download karo bola, ID 1 234 567 891 hai, UltraViewer 123 456 789 bhi.",[("remote_id","anydesk:1234567891","scammer_contact"),("remote_id","ultraviewer:123456789","scammer_contact")]),
("hard-hi-07","IN","Rs 89,999 ka order #402-8812345-6678901, 12/10/2023 ko, time 10:45.",[]),
("hard-hi-08","IN","UPI ID ramesh.k@fakebank dena bola (UPI hai), aur cashback@ybl.",[("upi","ramesh.k@fakebank","payment_destination"),("upi","cashback@ybl","payment_destination")]),
("hard-hi-09","IN","Asli SBI customer care 1800 1234 hai, fraud wala 1800-419-7234.",[("phone","+9118001234","legitimate_reference"),("phone","+9118004197234")]),
("hard-hi-10","IN","link hxxp://kyc-update[.]in/verify pe details bharo, phir 0x52908400098527886e0f7030069857d2e4169ee7 pe USDT bhejo.",[("url","http://kyc-update.in/verify"),("domain","kyc-update.in"),("crypto_wallet","eth:0x52908400098527886e0f7030069857d2e4169ee7","payment_destination")]),
]
out=[]
for cid, region, text, exp in C:
    for e in exp:
        if e[0]=="phone":
            n=phonenumbers.parse(e[1],None); assert phonenumbers.is_valid_number(n), e
    out.append({"id":cid,"lang":cid.split('-')[1],"region":region,"text":text,"expect":[dict(zip(("kind","value","role"),e)) for e in exp]})
import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hard.jsonl"), "w", encoding="utf-8") as f:
    for o in out: f.write(json.dumps(o,ensure_ascii=False)+"\n")
print(len(out))
